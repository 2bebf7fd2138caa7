package io.seqmia.bench;

import io.seqmia.broker.EmbeddedKafkaBroker;
import io.seqmia.broker.TopicAdmin;
import io.seqmia.replay.ReplayConfig;
import io.seqmia.replay.ReplayResult;
import io.seqmia.replay.Replayer;
import io.seqmia.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Replay against Kafka's own producer benchmark ({@code ProducerPerformance}, kafka-tools), on one embedded broker
 * in the same run: the same record count, the replayed lines' mean size, and the replay's own producer settings
 * ({@link Replayer#producerProperties}), into a topic with as many partitions as {@code clicks}.
 */
public final class ReplayBenchmark {

  /** One row of the table: the two rates and their ratio. */
  public record Result(long records, int recordBytes, double replayPerSecond, double producerPerSecond,
      String producerSettings) {

    public double ratio() {
      return replayPerSecond / producerPerSecond;
    }
  }

  static final int PARTITIONS = 2;
  static final String REFERENCE_TOPIC = "bench-producer-performance";
  /** Lines of the file that ProducerPerformance draws its payloads from, at random. */
  static final int PAYLOAD_SAMPLE = 100_000;
  /** Records each side sends before it is measured, so that neither is measured while the JIT compiles. */
  static final long WARMUP_RECORDS = 1_000_000;
  private static final Pattern RATE = Pattern.compile("([0-9.]+) records/sec");

  private ReplayBenchmark() {}

  /**
   * Replays {@code file} (YooChoose format) with {@code seqmia replay}'s code, then runs the reference; both after a
   * warm-up of {@value #WARMUP_RECORDS} records each.
   */
  public static Result run(Path file) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      String bootstrap = broker.bootstrapServers();
      Topics topics = Topics.defaults();
      Topics warmup = Topics.withPrefix("warmup.");
      TopicAdmin.ensureTopics(bootstrap, topics, PARTITIONS, (short) 1);
      TopicAdmin.ensureTopics(bootstrap, warmup, PARTITIONS, (short) 1);
      ReplayConfig config = new ReplayConfig(bootstrap, topics, file);
      Properties props = Replayer.producerProperties(config);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic(REFERENCE_TOPIC, PARTITIONS, (short) 1))).all().get();
      }
      List<String> settings = new ArrayList<>();
      for (String key : List.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.LINGER_MS_CONFIG, ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG)) {
        settings.add(key + "=" + props.getProperty(key));
      }
      // Real lines as payloads, so that lz4 meets the same data; a sample keeps the reference's memory small.
      Path payloads = Files.createTempFile("seqmia-bench-payloads", ".txt");
      try (var in = Files.lines(file, StandardCharsets.UTF_8)) {
        Files.write(payloads, (Iterable<String>) in.limit(PAYLOAD_SAMPLE)::iterator, StandardCharsets.UTF_8);
      }
      try {
        // Both warm up first: measured cold and first, the replay ran its first 5 s at 40 % of its later rate
        // while the JIT compiled the producer's paths, which the reference, run second, then found compiled.
        new Replayer().replay(new ReplayConfig(bootstrap, warmup, file).withLimit(WARMUP_RECORDS));
        producerPerformance(bootstrap, WARMUP_RECORDS, payloads, settings);
        ReplayResult replay = new Replayer().replay(config);
        if (!replay.accountedFor() || replay.produced() == 0) {
          throw new IllegalStateException("the replay did not account for every line: " + replay.summary());
        }
        // The mean line's bytes without its newline: what a replayed click carries.
        int recordBytes = (int) Math.max(1, Math.round((double) Files.size(file) / replay.linesRead()) - 1);
        double reference = producerPerformance(bootstrap, replay.produced(), payloads, settings);
        return new Result(replay.produced(), recordBytes, replay.recordsPerSecond(), reference,
            String.join(" ", settings));
      } finally {
        Files.deleteIfExists(payloads);
      }
    }
  }

  /**
   * Runs ProducerPerformance in this JVM, unkeyed, with payloads drawn from real lines, and reads its final
   * records/sec from what it prints.
   */
  static double producerPerformance(String bootstrap, long records, Path payloads, List<String> settings) {
    List<String> args = new ArrayList<>(List.of("--topic", REFERENCE_TOPIC, "--num-records", Long.toString(records),
        "--payload-file", payloads.toString(), "--throughput", "-1", "--producer-props",
        "bootstrap.servers=" + bootstrap));
    args.addAll(settings);
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ProducerPerformance.main(args.toArray(String[]::new));
    } catch (Exception e) {
      throw new IllegalStateException("ProducerPerformance failed: " + e, e);
    } finally {
      System.setOut(out);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    String last = text.strip().lines().reduce((a, b) -> b).orElse("");
    Matcher m = RATE.matcher(last);
    if (!m.find()) {
      throw new IllegalStateException("no records/sec in ProducerPerformance's summary: " + text);
    }
    return Double.parseDouble(m.group(1));
  }

  public static String table(Result r) {
    return String.format("Replay: %,d clicks of %d bytes into %d partitions, one embedded broker%n"
        + "| measure | seqmia replay --speed max | ProducerPerformance | ratio |%n| --- | --- | --- | --- |%n"
        + "| records/s | %,.0f | %,.0f | %.2f |%nproducer settings of both: %s; the reference's payloads: the"
        + " file's first lines, unkeyed%n", r.records(), r.recordBytes(),
        PARTITIONS, r.replayPerSecond(), r.producerPerSecond(), r.ratio(), r.producerSettings());
  }

  /** Usage: ReplayBenchmark FILE (a click file; {@code seqmia generate} writes one). */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ReplayBenchmark FILE (a YooChoose-format click file)");
    }
    System.out.print(table(run(Path.of(args[0]))));
  }

}
