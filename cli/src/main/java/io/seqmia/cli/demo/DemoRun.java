package io.seqmia.cli.demo;

import io.seqmia.attacker.AttackerConfig;
import io.seqmia.attacker.AttackerService;
import io.seqmia.attacker.report.ReportWriter;
import io.seqmia.broker.EmbeddedKafkaBroker;
import io.seqmia.broker.TopicAdmin;
import io.seqmia.broker.TopicReader;
import io.seqmia.cli.progress.ProgressDisplay;
import io.seqmia.cli.progress.StagePhases;
import io.seqmia.data.ClickReader;
import io.seqmia.data.ClickReaders;
import io.seqmia.data.DatasetStats;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.kernel.ClientSettings;
import io.seqmia.replay.ReplayConfig;
import io.seqmia.replay.ReplayResult;
import io.seqmia.replay.Replayer;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topics;
import io.seqmia.streams.StreamsApp;
import io.seqmia.streams.StreamsAppConfig;
import io.seqmia.trainer.TrainerConfig;
import io.seqmia.trainer.TrainerPhase;
import io.seqmia.trainer.TrainerService;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One run of the whole pipeline: the same services {@code seqmia streams|trainer|attacker} run, wired
 * in one JVM, against an embedded broker (or a given cluster). Start it, call {@link #complete()},
 * then close it; while it is open, its topics can still be read (the end-to-end test does).
 */
public final class DemoRun implements AutoCloseable {

  private final DemoOptions options;
  private final Topics topics;
  private final PrintStream log;
  /** The broker and the streams-app, closed last. */
  private final List<AutoCloseable> infrastructure = new ArrayList<>();
  /** Trainer and attacker, each on its own thread. */
  private final List<AutoCloseable> services = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Path workDir;
  private final Path dataFile;
  private final DatasetStats stats;
  private final String bootstrap;
  /** bootstrap.servers and the kafka.* settings of the overrides (an external secured cluster), for every client. */
  private final Map<String, String> client;
  private final String runId;
  private StreamsApp streamsApp;

  private DemoRun(DemoOptions options, String externalBootstrap, Topics topics, PrintStream log) throws IOException {
    this.options = options;
    this.topics = topics;
    this.log = log;
    this.runId = "demo-" + System.currentTimeMillis();
    this.workDir = Files.createTempDirectory("seqmia-demo-");
    if (options.data() != null) {
      dataFile = options.data();
    } else {
      dataFile = workDir.resolve("generated-clicks.dat");
      log.printf("Generating %,d YooChoose-like sessions (seed %d)...%n", options.sessions(), options.seed());
      SyntheticClicks.write(dataFile, options.sessions(), options.seed());
    }
    try (ClickReader reader = ClickReaders.open(dataFile, null)) {
      stats = DatasetStats.compute(reader);
    }
    if (externalBootstrap == null) {
      log.println("Starting the embedded Kafka broker (KRaft, in this JVM)...");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
      infrastructure.add(broker);
      bootstrap = broker.bootstrapServers();
    } else {
      bootstrap = externalBootstrap;
    }
    client = ClientSettings.of(bootstrap, ClientSettings.unprefixed(options.overrides())).asMap();
  }

  /** Prepares the data set and the broker; nothing is replayed yet. */
  public static DemoRun start(DemoOptions options, String externalBootstrap, Topics topics, PrintStream log) {
    try {
      DemoRun run = new DemoRun(options, externalBootstrap, topics, log);
      try {
        run.startServices();
        return run;
      } catch (RuntimeException e) {
        run.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startServices() {
    TopicAdmin.ensureTopics(client, topics, options.partitions(), (short) 1);
    Properties props = new Properties();
    props.putAll(options.overrides());
    props.setProperty("bootstrap.servers", bootstrap);
    props.setProperty("topic.prefix", topics.prefix());

    StreamsAppConfig streamsConfig = StreamsAppConfig.fromProperties(withDefaults(props,
        StreamsAppConfig.APPLICATION_ID, topics.prefix() + "seqmia-demo-streams",
        StreamsAppConfig.STATE_DIR, workDir.resolve("streams-state").toString(),
        StreamsAppConfig.SEED, Long.toString(options.seed())));
    streamsApp = StreamsApp.start(streamsConfig);
    infrastructure.add(streamsApp);

    trainerConfig = TrainerConfig.fromProperties(withDefaults(props,
        TrainerConfig.MODEL_SEED, Long.toString(options.seed()),
        // group ids (and so transactional ids) follow the topic prefix: two demos on one cluster never fence each other
        TrainerConfig.GROUP_ID, topics.prefix() + "seqmia-demo-trainer"));
    trainer = new TrainerService(trainerConfig);
    startService("trainer", trainer);

    AttackerConfig attackerConfig = AttackerConfig.fromProperties(withDefaults(props,
        AttackerConfig.SEED, Long.toString(options.seed()),
        AttackerConfig.GROUP_ID, topics.prefix() + "seqmia-demo-attacker"));
    attacker = new AttackerService(attackerConfig);
    startService("attacker", attacker);
  }

  /** A copy of {@code props} with each key/value pair added where the user did not set it. */
  private static Properties withDefaults(Properties props, String... keyValues) {
    Properties out = new Properties();
    out.putAll(props);
    for (int i = 0; i < keyValues.length; i += 2) {
      String key = keyValues[i];
      boolean setUnderOldName = io.seqmia.kernel.RenamedKeys.NEW_NAMES.entrySet().stream()
          .anyMatch(e -> e.getValue().equals(key) && out.containsKey(e.getKey()));
      if (!out.containsKey(key) && !setUnderOldName) {
        out.setProperty(keyValues[i], keyValues[i + 1]);
      }
    }
    return out;
  }

  private <S extends Runnable & AutoCloseable> void startService(String name, S service) {
    Thread thread = new Thread(service, "seqmia-" + name);
    thread.setDaemon(true);
    services.add(service);
    threads.add(thread);
    thread.start();
  }

  private AttackerService attacker;
  private TrainerService trainer;
  private TrainerConfig trainerConfig;
  private final Replayer replayer = new Replayer(false);
  private volatile boolean replayDone;
  private volatile boolean reportDone;
  /** How often the wait for the attack report looks at the stages' progress. */
  static final Duration PROGRESS_CHECK = Duration.ofSeconds(30);

  public String bootstrapServers() {
    return bootstrap;
  }

  public Topics topics() {
    return topics;
  }

  public DatasetStats stats() {
    return stats;
  }

  /** Replays the data, waits for the attack report and every verdict, writes the report files. */
  public DemoResult complete() {
    return complete(false);
  }

  /**
   * Replays the data, waits for the attack report and every verdict, writes the report files.
   *
   * @param showProgress draw the progress display ({@link ProgressDisplay}) on the log stream meanwhile
   */
  public DemoResult complete(boolean showProgress) {
    log.printf("Replaying %s into %s, then sessionizing, training the target and the shadow, scoring and"
        + " attacking:%n", options.data() == null ? "the generated data set" : dataFile, bootstrap);
    try (ProgressDisplay progress = showProgress ? ProgressDisplay.start(log, this::phases) : null) {
      return run();
    }
  }

  private DemoResult run() {
    long started = System.nanoTime();
    Map<String, String> security = new TreeMap<>(client);
    security.remove(ClientSettings.BOOTSTRAP_SERVERS);
    ReplayResult replay = replayer.replay(new ReplayConfig(bootstrap, topics, dataFile, runId, null, security));
    replayDone = true;

    AttackReport report = awaitReport();
    reportDone = true;
    long expected = report.getVerdictsExpected();
    List<ConsumerRecord<String, MembershipVerdict>> verdicts = awaitVerdicts(expected, Duration.ofSeconds(60));
    long distinct = verdicts.stream().map(ConsumerRecord::key).distinct().count();
    Map<String, Object> sequences = sequenceCounts();
    io.seqmia.attacker.AttackRun run = attacker.lastRun();
    if (run == null || !run.targetModelVersion().equals(report.getTargetModelVersion())) {
      throw new IllegalStateException("the attacker's run for model " + report.getTargetModelVersion()
          + " is not available in this process; cannot write the per-sequence scores and plots");
    }
    ReportWriter.write(options.reportDir(), report, stats.toMap(), sequences, expected, verdicts.size(),
        run.artefacts(), run.skipped(), options.seed());
    return new DemoResult(stats, replay, report, sequences, expected, verdicts.size(), distinct, options.reportDir(),
        (System.nanoTime() - started) / 1e9, run.skipped());
  }

  /**
   * The run's attack report. A full-size data set trains for hours on a CPU, so the timeout applies to time without
   * progress, not to the whole wait: it gives up only when no stage moved for {@code options.timeout()}.
   */
  private AttackReport awaitReport() {
    List<Object> mark = progress();
    long since = System.nanoTime();
    while (true) {
      AttackReport report = TopicReader.await(client, topics.attackReports(), r -> r.getRunId().equals(runId),
          PROGRESS_CHECK);
      if (report != null) {
        return report;
      }
      io.seqmia.schemas.ControlEvent failed = TopicReader.await(client, topics.control(),
          e -> e.getType() == io.seqmia.schemas.ControlType.ATTACK_COMPLETE && runId.equals(e.getRunId())
              && AttackerService.STATUS_FAILED.equals(e.getAttributes().get(AttackerService.STATUS)),
          Duration.ofSeconds(1));
      if (failed != null) {
        throw new IllegalStateException("The attack on run " + runId + " failed: "
            + failed.getAttributes().get(AttackerService.ERROR) + "; see the log above");
      }
      List<Object> now = progress();
      if (!now.equals(mark)) {
        mark = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > options.timeout().toNanos()) {
        throw new IllegalStateException("No attack report for run " + runId + ": no stage made progress for "
            + options.timeout() + " (trainer phase " + trainer.phase() + ", " + trainer.scoredCount()
            + " vectors scored, " + attacker.verdictsPublished() + " verdicts); see the log above for the stage"
            + " that stopped, or raise --timeout-minutes if one needs longer between two steps");
      }
    }
  }

  /** Where each phase of the run stands, for {@link ProgressDisplay}. */
  public List<ProgressDisplay.Phase> phases() {
    List<ProgressDisplay.Phase> phases = new ArrayList<>();
    long replayed = replayer.producedSoFar();
    phases.add(new ProgressDisplay.Phase("replay", replayed, stats.interactions(), "clicks", replayDone ? "done" : ""));
    TrainerPhase phase = trainer.phase();
    phases.add(StagePhases.sessions(streamsApp.counters(), stats.sessions(),
        phase != TrainerPhase.COLLECTING ? "done" : replayed == 0 ? "waiting" : ""));
    phases.addAll(StagePhases.models(trainer, trainerConfig.model().epochs(), trainerConfig.shadowEnabled()));
    boolean scored = phase == TrainerPhase.LIVE || phase == TrainerPhase.STOPPED;
    phases.add(StagePhases.verdicts(attacker, reportDone ? "done" : scored ? "" : "waiting"));
    return phases;
  }

  /** What moves while the pipeline works: sessions emitted, the trainer's phase and epochs, vectors, verdicts. */
  private List<Object> progress() {
    return java.util.Arrays.asList(streamsApp.counters().snapshot(), trainer.phase(), trainer.latestEpoch(),
        trainer.scoredCount(), attacker.verdictsPublished());
  }

  /**
   * What the streams-app emitted: ORIGINAL and AUGMENTED sequences and the splits, counted on the
   * {@code click-sequences} topic; what it did not emit (too short, late, ...) from its counters.
   */
  private Map<String, Object> sequenceCounts() {
    long original = 0;
    long augmented = 0;
    Map<String, Long> splits = new TreeMap<>();
    Map<String, Long> augmentedSplits = new TreeMap<>();
    for (ConsumerRecord<String, ClickSequence> r : TopicReader.readAll(client, topics.clickSequences())) {
      ClickSequence s = r.value();
      if (s == null) {
        continue;
      }
      boolean isOriginal = s.getVariant() == SequenceVariant.ORIGINAL;
      if (isOriginal) {
        original++;
      } else {
        augmented++;
      }
      (isOriginal ? splits : augmentedSplits).merge(s.getSplit().name(), 1L, Long::sum);
    }
    Map<String, Long> counters = streamsApp.counters().snapshot();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("original", original);
    out.put("augmented", augmented);
    for (String key : new String[] {"augmentSkipped", "tooShort", "droppedByRepeats", "truncated",
        "duplicatesRemoved", "repeatsRemoved", "late", "deadLettered"}) {
      if (counters.containsKey(key)) {
        out.put(key, counters.get(key));
      }
    }
    out.put("splits", splits);
    out.put("augmentedSplits", augmentedSplits);
    return out;
  }

  /** Counts verdicts by consuming the verdict topic until {@code expected} are there, or the timeout. */
  private List<ConsumerRecord<String, MembershipVerdict>> awaitVerdicts(long expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, MembershipVerdict>> verdicts = TopicReader.readAll(client, topics.membershipVerdicts());
    while (verdicts.size() < expected && System.nanoTime() < deadline) {
      sleep(500);
      verdicts = TopicReader.readAll(client, topics.membershipVerdicts());
    }
    return verdicts;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops trainer and attacker and waits for their loops, then the streams-app, then the broker. */
  @Override
  public void close() {
    services.forEach(this::closeQuietly);
    joinThreads();
    for (int i = infrastructure.size() - 1; i >= 0; i--) {
      closeQuietly(infrastructure.get(i));
    }
    deleteRecursively(workDir);
  }

  private void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      log.println("warning: error while stopping " + resource.getClass().getSimpleName() + ": " + e);
    }
  }

  private void joinThreads() {
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
