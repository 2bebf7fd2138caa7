package io.seqmia.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code seqmia} command in a JVM of its own, as a user or a compose service starts it (tests only). */
final class SeqmiaProcess {

  private SeqmiaProcess() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code seqmia args...} with stdout to {@code out} and stderr to {@code err} (the same file: both). */
  static Process start(Path out, Path err, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", System.getProperty("java.class.path"), Seqmia.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (out.equals(err)) {
      builder.redirectErrorStream(true).redirectOutput(out.toFile());
    } else {
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    }
    builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    builder.environment().putAll(env);
    return builder.start();
  }
}
