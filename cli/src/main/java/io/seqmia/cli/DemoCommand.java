package io.seqmia.cli;

import io.seqmia.attacker.report.ReportWriter;
import io.seqmia.cli.demo.DemoOptions;
import io.seqmia.cli.demo.DemoResult;
import io.seqmia.cli.demo.DemoRun;
import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqmia demo}: the whole pipeline in one command, on an embedded Kafka broker unless
 * {@code --bootstrap-server} names a cluster. Runs the same services as the stage commands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline (replay, streams-app, trainer, attacker) and print the results.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "FILE",
      description = "A click file (yoochoose-clicks.dat format). Default: a generated YooChoose-like data set.")
  Path data;

  @Option(names = "--sessions", defaultValue = "" + DemoOptions.DEFAULT_SESSIONS,
      description = "Sessions to generate when no --data is given (default ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--seed", defaultValue = "" + DemoOptions.DEFAULT_SEED,
      description = "Seed for the generator, the splits and both models (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report-dir", defaultValue = "target/seqmia-report",
      description = "Where report.json and report.md go (default ${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(names = "--partitions", defaultValue = "" + DemoOptions.DEFAULT_PARTITIONS,
      description = "Partitions of the data topics (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--epochs", description = "Target model epochs (default: the overfit preset's).")
  Integer epochs;

  @Option(names = "--timeout-minutes", defaultValue = "30",
      description = "Give up when no stage makes progress (sessions, epochs, vectors scored, verdicts) for this"
          + " long before the attack report (default ${DEFAULT-VALUE}).")
  int timeoutMinutes;

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Use this Kafka cluster instead of starting an embedded broker.")
  String bootstrapServer;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix for every topic name.")
  String topicPrefix;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "A stage configuration key (see each stage's --help), repeatable.")
  Map<String, String> settings = Map.of();

  @Mixin ConsoleOptions console;

  @Override
  public Integer call() {
    if (epochs != null && epochs < 0) {
      throw new IllegalArgumentException("--epochs " + epochs + ": must be >= 0");
    }
    if (timeoutMinutes < 1) {
      throw new IllegalArgumentException("--timeout-minutes " + timeoutMinutes + ": must be at least 1");
    }
    Properties overrides = new Properties();
    overrides.putAll(settings);
    if (epochs != null) {
      overrides.setProperty(io.seqmia.trainer.TrainerConfig.MODEL_EPOCHS, epochs.toString());
    }
    DemoOptions options = new DemoOptions(data, sessions, seed, reportDir, partitions,
        Duration.ofMinutes(timeoutMinutes), overrides);
    ConsoleMode mode = console.mode();
    Path logFile = prepared(reportDir).toAbsolutePath().resolve(ConsoleMode.LOG_FILE);
    if (console.logFile != null) {
      logFile = console.logFile.toAbsolutePath();
    }
    mode.apply(logFile, false);
    java.io.PrintStream story = ConsoleOptions.story(mode);
    try (DemoRun run = DemoRun.start(options, bootstrapServer, Topics.withPrefix(topicPrefix), story)) {
      DemoResult result = run.complete(mode.progress());
      System.out.println();
      System.out.print(Tables.stats(data == null ? "generated (seed " + seed + ")" : data.toString(), result.dataset()));
      System.out.println("Sequences emitted: " + result.sequences());
      System.out.println();
      System.out.print(Tables.target(result.report()));
      String completeness = ReportWriter.completeness(result.report());
      if (completeness != null) {
        System.out.println(completeness);
      }
      System.out.println();
      System.out.print(ReportWriter.resultsTable(result.report()));
      result.skipped().forEach(reason -> System.out.println("Not run: " + reason));
      System.out.println();
      System.out.println(ReportWriter.summary(result.report()));
      System.out.printf("%nVerdicts: %,d published on %s for %,d scored sequences.%n", result.verdictsPublished(),
          Topics.withPrefix(topicPrefix).membershipVerdicts().name(), result.verdictsExpected());
      System.out.printf("Report: %s (report.html to open in a browser; report.json, report.md, attack-scores.csv and"
          + " the figures) in %.0f s; the whole log: %s%n", result.reportDir(), result.seconds(), logFile);
      if (completeness != null && completeness.startsWith("WARNING")) {
        System.out.println(completeness); // repeated last: the one line nobody should miss
      }
      return result.verdictsPublished() == result.verdictsExpected() ? 0 : 1;
    }
  }

  /** The report folder, created now: the log file goes there from the start. */
  private static Path prepared(Path dir) {
    try {
      java.nio.file.Files.createDirectories(dir);
      return dir;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--report-dir " + dir + ": cannot create it: " + e.getMessage());
    }
  }
}
