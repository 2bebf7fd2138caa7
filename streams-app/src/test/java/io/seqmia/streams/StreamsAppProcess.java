package io.seqmia.streams;

import io.seqmia.schemas.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The streams-app in a JVM of its own, for tests that kill it with -9: {@link #main} runs it from
 * properties given as {@code key=value} arguments until killed; {@link #launch} starts such a JVM on the
 * test's own class path, its output going to a log file.
 */
final class StreamsAppProcess {

  private StreamsAppProcess() {}

  public static void main(String[] args) throws InterruptedException {
    Properties props = new Properties();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      props.setProperty(arg.substring(0, eq), arg.substring(eq + 1));
    }
    StreamsApp app = StreamsApp.start(StreamsAppConfig.fromProperties(props));
    System.out.println("STREAMS-APP RUNNING " + app.state());
    Thread.sleep(Long.MAX_VALUE);
  }

  static Process launch(Properties config, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), StreamsAppProcess.class.getName()));
    for (String key : config.stringPropertyNames()) {
      command.add(key + "=" + config.getProperty(key));
    }
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** kill -9: no shutdown hook, no close, no commit. */
  static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("streams-app process " + process.pid() + " did not die");
    }
  }

  static Properties config(String bootstrap, Topics topics, String prefix, String applicationId, Path stateDir,
      int chunkRecords) {
    Properties p = new Properties();
    p.setProperty(StreamsAppConfig.BOOTSTRAP_SERVERS, bootstrap);
    p.setProperty(StreamsAppConfig.TOPIC_PREFIX, prefix);
    p.setProperty(StreamsAppConfig.APPLICATION_ID, applicationId);
    p.setProperty(StreamsAppConfig.STATE_DIR, stateDir.toString());
    p.setProperty(StreamsAppConfig.CHUNK_RECORDS, Integer.toString(chunkRecords));
    // A killed member holds its partitions until its session times out: keep that short (broker minimum).
    p.setProperty(StreamsAppConfig.KAFKA_PREFIX + "session.timeout.ms", "6000");
    p.setProperty(StreamsAppConfig.KAFKA_PREFIX + "heartbeat.interval.ms", "1000");
    // To show that the kill tests hold the guarantee (docs/RELIABILITY.md): run them once with
    // -Dseqmia.test.processing.guarantee=at_least_once, and they fail.
    String guarantee = System.getProperty("seqmia.test.processing.guarantee");
    if (guarantee != null) {
      p.setProperty(StreamsAppConfig.KAFKA_PREFIX + "processing.guarantee", guarantee);
    }
    return p;
  }
}
