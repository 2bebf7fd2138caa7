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

  /**
   * Starts {@code seqmia broker} on {@code port} with its data in {@code dir/broker} and its log in
   * {@code dir/broker.log}; a restart on the same dir resumes the same cluster. It does not wait for the port.
   */
  static Process startBroker(Path dir, int port) throws IOException {
    return startBroker(dir, port, dir.resolve("broker.log"));
  }

  /** As {@link #startBroker(Path, int)}, logging to {@code log} (a restarted broker's own file). */
  static Process startBroker(Path dir, int port, Path log) throws IOException {
    return start(log, log, Map.of(), "broker", "--port", Integer.toString(port), "--data-dir",
        dir.resolve("broker").toString());
  }

  /** Waits (up to 90 s) until something listens on the port; fails when the process exits first. */
  static void awaitPort(int port, Process process) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the process exited with " + process.exitValue() + " before it listened on " + port);
      }
      try (java.net.Socket ignored = new java.net.Socket("localhost", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("nothing listens on " + port);
  }

  /** Whether the log exists and holds {@code text} (false when it cannot be read yet). */
  static boolean logContains(Path log, String text) {
    try {
      return java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** The last 3,000 characters of a log, for a failure message ("" when it does not exist or cannot be read). */
  static String tail(Path log) {
    try {
      String s = java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
      return s.substring(Math.max(0, s.length() - 3000));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The verdicts on the topic, re-read (up to 60 s) until there are {@code expected}. */
  static java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<String, io.seqmia.schemas.MembershipVerdict>>
      awaitVerdicts(String bootstrap, io.seqmia.schemas.Topics topics, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    var verdicts = io.seqmia.broker.TopicReader.readAll(bootstrap, topics.membershipVerdicts());
    while (verdicts.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(500);
      verdicts = io.seqmia.broker.TopicReader.readAll(bootstrap, topics.membershipVerdicts());
    }
    return verdicts;
  }
}
