package io.seqmia.cli;

import io.seqmia.replay.ReplayConfig;
import io.seqmia.replay.ReplayResult;
import io.seqmia.replay.Replayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqmia replay}: a click file into the {@code clicks} topic, then the end-of-replay signals. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a click file (yoochoose-clicks.dat format, plain or .gz) into Kafka.")
final class ReplayCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The click file.")
  Path file;

  @Option(names = "--limit", paramLabel = "N", description = "Produce at most N clicks.")
  Long limit;

  @Option(names = "--run-id", paramLabel = "ID", description = "Names this replay in control events (default run-<millis>).")
  String runId;

  @Mixin TopicOptions topicOptions;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--file " + file + ": no such file");
    }
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException("--limit " + limit + ": must be >= 0");
    }
    topicOptions.ensureTopics(kafka, (short) 1);
    ReplayConfig config = new ReplayConfig(kafka.bootstrapServer(), kafka.topics(), file)
        .withRunId(runId).withLimit(limit);
    ReplayResult result = new Replayer().replay(config);
    System.out.printf("replayed %s: %d lines read, %d clicks produced, %d rejected (to %s), %.1f s, %.0f records/s, run %s%n",
        file, result.linesRead(), result.produced(), result.rejected(), kafka.topics().clicksDlq().name(),
        result.seconds(), result.recordsPerSecond(), result.runId());
    return 0;
  }
}
