package io.seqmia.bench;

import io.seqmia.attacker.AttackRunner;
import io.seqmia.attacker.VerdictLatency;
import io.seqmia.cli.demo.DemoOptions;
import io.seqmia.cli.demo.DemoResult;
import io.seqmia.cli.demo.DemoRun;
import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Attack and live latency (issue 11, part 4). Runs the demo's pipeline (embedded broker, streams-app, trainer,
 * attacker in one JVM) to its attack report, which gives the MLP's training time and the bulk verdicts' latency.
 * Then, with every service live, sends fresh target-side sequences straight to {@code click-sequences} at rising
 * rates, each step for a fixed time, and reads the verdicts as a read_committed consumer would. For each step:
 * the verdict's own latency ({@code latencyMs}: decided minus the sequence's arrival on the trainer's input topic)
 * and the latency until the verdict is readable (visible), as p50, p99 and max.
 *
 * <p>The sequences bypass the streams-app on purpose: a session closes after 30 minutes of event-time inactivity,
 * which would measure the data's clock, not the services. They are copies of sequences the pipeline emitted (so
 * every item is in the target's vocabulary) under new ids, labelled TARGET_NONMEMBER (the target never saw them).
 */
public final class LiveLatencyBenchmark {

  /** Verdicts of one step must all arrive within this long after its last send, else the step says so. */
  static final Duration DRAIN = Duration.ofSeconds(30);
  /** Before the first step, sequences are sent for this long at the first rate and not counted (JIT warm-up). */
  static final double WARMUP_SECONDS = 5;
  /** Sequences copied from the pipeline's output to build the live ones from. */
  static final int POOL = 5_000;

  public record Settings(int sessions, int[] rates, double secondsPerRate, long seed, Properties overrides) {
    public Settings {
      if (sessions < 100) {
        throw new IllegalArgumentException("--sessions " + sessions + ": need at least 100");
      }
      if (rates.length == 0 || Arrays.stream(rates).anyMatch(r -> r <= 0)) {
        throw new IllegalArgumentException("--rates " + Arrays.toString(rates) + ": give positive sequences/s,"
            + " e.g. --rates 100,1000");
      }
      if (!(secondsPerRate > 0)) {
        throw new IllegalArgumentException("--seconds " + secondsPerRate + ": must be positive");
      }
    }
  }

  /**
   * One rate step: what was offered and achieved, and latency summaries (milliseconds) from the send to the
   * vector's scoredAt (the trainer's part), to the verdict's decidedAt, and until the verdict was readable.
   */
  public record Step(int rate, int sent, double sendSeconds, int verdicts, Map<String, Double> scored,
      Map<String, Double> decided, Map<String, Double> visible) {
    double achievedRate() {
      return sent / sendSeconds;
    }

    boolean complete() {
      return verdicts == sent;
    }
  }

  /** The bulk phase (the attack report) and the live steps. */
  public record Result(int sessions, long bulkVerdicts, Double mlpTrainSeconds, Double mlpTrainingExamples,
      Map<String, Double> bulkLatency, List<Step> steps) {}

  private LiveLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = DemoOptions.DEFAULT_SESSIONS;
    int[] rates = {100, 250, 500, 1000, 2000, 4000};
    double seconds = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        case "--rates" -> rates = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; known: --sessions N, --rates R1,R2,..., --seconds S");
      }
    }
    Result result = run(new Settings(sessions, rates, seconds, DemoOptions.DEFAULT_SEED, new Properties()), null,
        System.err);
    System.out.print(table(result));
  }

  /** Runs the benchmark on the embedded broker ({@code bootstrap == null}) or on the given one. */
  public static Result run(Settings settings, String bootstrap, PrintStream log) throws Exception {
    Path reportDir = Files.createTempDirectory("seqmia-latency-");
    DemoOptions options = new DemoOptions(null, settings.sessions(), settings.seed(), reportDir,
        DemoOptions.DEFAULT_PARTITIONS, DemoOptions.DEFAULT_TIMEOUT, settings.overrides());
    Topics topics = Topics.withPrefix("latency-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    try (DemoRun demo = DemoRun.start(options, bootstrap, topics, log)) {
      DemoResult bulk = demo.complete();
      AttackResult mlp = bulk.report().getAttacks().stream()
          .filter(r -> r.getName().equals(AttackRunner.MLP) && r.getMode().equals(AttackRunner.MLP_MODE))
          .findFirst().orElseThrow(() -> new IllegalStateException("the attack report has no labelled MLP"));
      List<ClickSequence> pool = pool(demo.bootstrapServers(), topics.clickSequences());
      List<Step> steps = new ArrayList<>();
      try (Watch<ScoreVector> vectors = new Watch<>(demo.bootstrapServers(), topics.scoreVectors(),
              ScoreVector::getSequenceId, v -> v.getScoredAt().toEpochMilli());
          Watch<MembershipVerdict> verdicts = new Watch<>(demo.bootstrapServers(), topics.membershipVerdicts(),
              MembershipVerdict::getSequenceId, v -> v.getDecidedAt().toEpochMilli());
          KafkaProducer<String, byte[]> producer = producer(demo.bootstrapServers())) {
        log.printf("live: warm-up at %,d sequences/s for %.0f s (not counted)...%n", settings.rates()[0],
            Math.min(WARMUP_SECONDS, settings.secondsPerRate()));
        step(-settings.rates()[0], Math.min(WARMUP_SECONDS, settings.secondsPerRate()), pool, producer,
            topics.clickSequences(), vectors, verdicts);
        for (int rate : settings.rates()) {
          log.printf("live: %,d sequences/s for %.0f s...%n", rate, settings.secondsPerRate());
          steps.add(step(rate, settings.secondsPerRate(), pool, producer, topics.clickSequences(), vectors, verdicts));
        }
      }
      return new Result(settings.sessions(), bulk.verdictsPublished(), mlp.getMetrics().get(AttackRunner.TRAIN_SECONDS),
          mlp.getMetrics().get("trainingExamples"), bulk.report().getVerdictLatencyMs(), steps);
    }
  }

  /** Sends {@code |rate| × seconds} sequences paced evenly, then waits for their verdicts (rate < 0: warm-up ids). */
  static Step step(int signedRate, double seconds, List<ClickSequence> pool, KafkaProducer<String, byte[]> producer,
      Topic<String, ClickSequence> topic, Watch<ScoreVector> vectors, Watch<MembershipVerdict> verdicts) {
    int rate = Math.abs(signedRate);
    int n = (int) Math.max(1, Math.round(rate * seconds));
    String prefix = (signedRate < 0 ? "warmup-" : "live-") + rate + "-";
    vectors.expect(prefix);
    verdicts.expect(prefix);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      ClickSequence template = pool.get(i % pool.size());
      String id = prefix + i;
      ClickSequence live = ClickSequence.newBuilder(template).setSequenceId(id).setSessionId(id)
          .setSplit(MembershipSplit.TARGET_NONMEMBER).setVariant(SequenceVariant.ORIGINAL).setParentSequenceId(null)
          .setReplacedPosition(null).setAttackerKnows(false).build();
      long now = System.currentTimeMillis();
      vectors.sent(id, now);
      verdicts.sent(id, now);
      // The record's timestamp is when it reached the trainer's input topic: the verdict's latencyMs starts there.
      producer.send(new ProducerRecord<>(topic.name(), null, now, id,
          topic.valueSerde().serializer().serialize(topic.name(), live)));
    }
    producer.flush();
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (verdicts.received() < n && System.nanoTime() < deadline) {
      LockSupport.parkNanos(20_000_000L);
    }
    return new Step(rate, n, sendSeconds, verdicts.received(), vectors.stamped().summary(),
        verdicts.stamped().summary(), verdicts.visible().summary());
  }

  /** Target-side ORIGINAL sequences the pipeline emitted, at most {@value #POOL}. */
  static List<ClickSequence> pool(String bootstrap, Topic<String, ClickSequence> topic) {
    List<ClickSequence> pool = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (pool.size() < POOL && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          ClickSequence s = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
          if (pool.size() < POOL && s.getVariant() == SequenceVariant.ORIGINAL
              && (s.getSplit() == MembershipSplit.TARGET_MEMBER || s.getSplit() == MembershipSplit.TARGET_NONMEMBER)) {
            pool.add(s);
          }
        }
      }
    }
    if (pool.isEmpty()) {
      throw new IllegalStateException("the pipeline emitted no target-side sequence to copy");
    }
    return pool;
  }

  /**
   * Reads one output topic from its end on its own thread and keeps, for the step under way (ids with one
   * prefix), two latencies per record: from the send to the time the record itself names (when the vector was
   * scored, when the verdict was decided) and from the send until the record was read (visible).
   */
  static final class Watch<V> implements AutoCloseable {
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Thread thread;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, V> topic;
    private final Function<V, String> id;
    private final ToLongFunction<V> stampedAt;
    private volatile boolean running = true;
    private volatile String prefix = "";
    private volatile int received;
    private volatile VerdictLatency stamped = new VerdictLatency();
    private volatile VerdictLatency visible = new VerdictLatency();

    Watch(String bootstrap, Topic<String, V> topic, Function<V, String> id, ToLongFunction<V> stampedAt) {
      this.topic = topic;
      this.id = id;
      this.stampedAt = stampedAt;
      this.consumer = consumer(bootstrap);
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end now, before anything is sent
      thread = new Thread(this::read, "latency-watch-" + topic.name());
      thread.start();
    }

    /** Starts a step: only records of ids with this prefix count from now on. */
    synchronized void expect(String idPrefix) {
      sentAt.clear();
      stamped = new VerdictLatency();
      visible = new VerdictLatency();
      received = 0;
      prefix = idPrefix;
    }

    void sent(String key, long millis) {
      sentAt.put(key, millis);
    }

    int received() {
      return received;
    }

    VerdictLatency stamped() {
      return stamped;
    }

    VerdictLatency visible() {
      return visible;
    }

    private void read() {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          V v = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
          synchronized (this) {
            String key = id.apply(v);
            Long sent = key.startsWith(prefix) ? sentAt.remove(key) : null;
            if (sent == null) {
              continue;
            }
            visible.record(now - sent);
            stamped.record(stampedAt.applyAsLong(v) - sent);
            received++;
          }
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
      consumer.close();
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, "0"), // each sequence leaves at once: the latency is the services'
        new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  /**
   * The rate at which latency starts to climb: the first step whose visible p99 is over twice the first step's
   * (and over 50 ms), or whose verdicts fell behind the offered rate (fewer than 95 % by the end of the drain, or
   * sending itself could not keep the rate); null when no step did.
   */
  static Integer knee(List<Step> steps) {
    if (steps.isEmpty() || steps.get(0).visible().isEmpty()) {
      return null;
    }
    double base = steps.get(0).visible().get(VerdictLatency.P99);
    for (Step s : steps) {
      Double p99 = s.visible().get(VerdictLatency.P99);
      boolean behind = s.verdicts() < 0.95 * s.sent() || s.achievedRate() < 0.95 * s.rate();
      if (behind || p99 == null || (p99 > 2 * base && p99 > 50)) {
        return s.rate();
      }
    }
    return null;
  }

  static String table(Result r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Attack and live latency: demo pipeline on %,d generated sessions, one JVM,"
        + " embedded broker%n%n", r.sessions()));
    out.append(String.format(Locale.ROOT, "MLP attack training: %s s on %s balanced labelled examples%n",
        r.mlpTrainSeconds() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", r.mlpTrainSeconds()),
        r.mlpTrainingExamples() == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", r.mlpTrainingExamples())));
    out.append(String.format(Locale.ROOT, "Bulk verdicts (report.json verdicts.latencyMs; arrival at the trainer"
        + " to verdict, training included): %s%n%n", ms(r.bulkLatency())));
    out.append("| offered sequences/s | sent | achieved/s | verdicts | vector scored p50 / p99 / max"
        + " | verdict decided (latencyMs) p50 / p99 / max | verdict readable p50 / p99 / max |\n"
        + "| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Step s : r.steps()) {
      out.append(String.format(Locale.ROOT, "| %,d | %,d | %,.0f | %,d%s | %s | %s | %s |%n", s.rate(), s.sent(),
          s.achievedRate(), s.verdicts(), s.complete() ? "" : " (missing " + (s.sent() - s.verdicts()) + ")",
          ms(s.scored()), ms(s.decided()), ms(s.visible())));
    }
    Integer knee = knee(r.steps());
    out.append(knee == null ? "\nLatency did not climb up to the highest rate tried.\n"
        : String.format(Locale.ROOT, "%nLatency starts to climb at %,d sequences/s.%n", knee));
    return out.toString();
  }

  private static String ms(Map<String, Double> summary) {
    if (summary == null || summary.isEmpty()) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", summary.get(VerdictLatency.P50),
        summary.get(VerdictLatency.P99), summary.get(VerdictLatency.MAX));
  }
}
