package io.seqmia.cli;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.data.ClickReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.replay.ReplayConfig;
import io.seqmia.replay.ReplayFailure;
import io.seqmia.replay.ReplayResult;
import io.seqmia.replay.Replayer;
import io.seqmia.replay.TopicCheck;
import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqmia generate}: a YooChoose-like click file with sequential structure, or (with
 * {@code --bootstrap-server}) the same clicks straight into Kafka through the replayer.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Generate YooChoose-like clicks (deterministic for a seed): into a file (--out, raw "
        + "yoochoose-clicks.dat format), into Kafka (--bootstrap-server, like 'seqmia replay'), or both."})
final class GenerateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--sessions", defaultValue = "10000", description = "Sessions to generate (default ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", description = "Output file (.gz compresses).")
  Path out;

  @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
      description = "Produce the clicks into this Kafka cluster instead of (or, with --out, as well as) a file.")
  String bootstrapServer;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:SEQMIA_TOPIC_PREFIX:-}",
      description = "Prefix for every seqmia topic name (env SEQMIA_TOPIC_PREFIX).")
  String topicPrefix;

  @Option(names = "--run-id", paramLabel = "ID", description = "Names the replay in control events (default run-<millis>).")
  String runId;

  @Option(names = "--partitions", defaultValue = "2",
      description = "Partitions for topics this command has to create (default ${DEFAULT-VALUE}).")
  int partitions;

  @Mixin ReplayCommand.ReplayOptions replay;

  @Override
  public Integer call() throws Exception {
    if (sessions < 1) {
      throw new IllegalArgumentException("--sessions " + sessions + ": must be at least 1");
    }
    if (out == null && bootstrapServer == null) {
      throw new IllegalArgumentException("nothing to do: pass --out FILE, --bootstrap-server HOST:PORT, or both");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions " + partitions + ": must be at least 1");
    }
    SyntheticClicks.Settings settings = SyntheticClicks.Settings.of(sessions, seed);
    if (out != null) {
      SyntheticClicks.write(out, settings);
      spec.commandLine().getOut().println("wrote " + sessions + " sessions to " + out);
    }
    if (bootstrapServer == null) {
      return 0;
    }
    Topics topics = Topics.withPrefix(topicPrefix);
    ReplayConfig config = replay.apply(new ReplayConfig(bootstrapServer, topics, out).withRunId(runId));
    try {
      TopicCheck.requireReachable(bootstrapServer, Map.of());
      TopicAdmin.ensureTopics(bootstrapServer, topics, partitions, (short) 1);
      ReplayResult result;
      if (out != null) {
        result = new Replayer().replay(config);
      } else {
        try (ClickReader reader = SyntheticClicks.reader(settings)) {
          result = new Replayer().replay(config, reader);
        }
      }
      spec.commandLine().getOut().printf("replayed %d generated sessions into %s: %s, run %s%n", sessions,
          bootstrapServer, result.summary(), result.runId());
      return 0;
    } catch (ReplayFailure e) {
      spec.commandLine().getErr().println("seqmia generate: " + e.getMessage());
      return 1;
    }
  }
}
