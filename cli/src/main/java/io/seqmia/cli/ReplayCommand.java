package io.seqmia.cli;

import io.seqmia.replay.KeyBy;
import io.seqmia.replay.Pacing;
import io.seqmia.replay.ReplayConfig;
import io.seqmia.replay.ReplayFailure;
import io.seqmia.replay.ReplayOrder;
import io.seqmia.replay.ReplayResult;
import io.seqmia.replay.Replayer;
import io.seqmia.replay.TimeBound;
import io.seqmia.replay.TopicCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqmia replay}: a click file into the {@code clicks} topic, then the end-of-replay signals. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay a click file (yoochoose-clicks.dat format, plain or .gz) into Kafka.",
        "Exit code 0 when every line was produced, rejected (to clicks-dlq) or skipped; 1 when Kafka or the file failed; "
            + "2 for a bad flag."})
final class ReplayCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The click file.")
  Path file;

  @Mixin ReplayOptions replay;

  @Option(names = "--run-id", paramLabel = "ID", description = "Names this replay in control events (default run-<millis>).")
  String runId;

  @Mixin TopicOptions topicOptions;

  @Mixin FormatOption format;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--file " + file + ": no such file");
    }
    io.seqmia.kernel.ClientSettings client = kafka.client();
    Map<String, String> security = new java.util.TreeMap<>(client.asMap());
    security.remove(io.seqmia.kernel.ClientSettings.BOOTSTRAP_SERVERS);
    ReplayConfig config = replay.apply(new ReplayConfig(client.bootstrapServers(), kafka.topics(), file, runId,
        null, security));
    try {
      TopicCheck.requireReachable(client.bootstrapServers(), security);
      topicOptions.ensureTopics(kafka, (short) 1);
      ReplayResult result = new Replayer().replay(config, format.formatOrNull(), format.sessionGap());
      spec.commandLine().getOut().printf("replayed %s: %s (rejected lines to %s), run %s%n", file, result.summary(),
          kafka.topics().clicksDlq().name(), result.runId());
      return 0;
    } catch (ReplayFailure e) {
      spec.commandLine().getErr().println("seqmia replay: " + e.getMessage());
      return 1;
    }
  }

  /** The pacing, order, range, limit and key flags; shared with {@code generate --bootstrap-server}. */
  static final class ReplayOptions {

    @Option(names = "--speed", paramLabel = "max|Nx", defaultValue = Pacing.MAX_SPEED,
        description = "max (default: as fast as the broker takes it) or a factor like 60x: the original gaps "
            + "between consecutive events divided by it; a single wait is capped at 10 s.")
    String speed;

    @Option(names = "--rate", paramLabel = "N", description = "Produce N records per second (instead of --speed).")
    Double rate;

    @Option(names = "--order", paramLabel = "file|time", defaultValue = "file",
        description = "file (default): file order; time: sorted by event time (external sort, bounded memory).")
    String order;

    @Option(names = "--limit", paramLabel = "N", description = "Produce at most N clicks.")
    Long limit;

    @Option(names = "--from", paramLabel = "DATE", description = "Skip events before this ISO date or instant (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "DATE",
        description = "Skip events from this instant on (exclusive); a plain date includes that whole day.")
    String to;

    @Option(names = "--key", paramLabel = "session|user", defaultValue = "session",
        description = "Record key: session (default) or user (MovieLens-style data).")
    String key;

    ReplayConfig apply(ReplayConfig base) {
      Pacing pacing = Pacing.parseSpeed(speed);
      if (rate != null) {
        if (pacing.kind() != Pacing.Kind.MAX) {
          throw new IllegalArgumentException("--rate and --speed " + speed + ": choose one");
        }
        if (!(rate > 0) || rate.isInfinite()) {
          throw new IllegalArgumentException("--rate " + rate + ": must be a positive number of records per second");
        }
        pacing = Pacing.rate(rate);
      }
      if (limit != null && limit < 0) {
        throw new IllegalArgumentException("--limit " + limit + ": must be >= 0");
      }
      return base.withPacing(pacing)
          .withOrder(parse("--order", order, ReplayOrder.class))
          .withLimit(limit)
          .withTimeRange(from == null ? null : TimeBound.parseFrom(from), to == null ? null : TimeBound.parseTo(to))
          .withKeyBy(parse("--key", key, KeyBy.class));
    }

    private static <E extends Enum<E>> E parse(String flag, String value, Class<E> type) {
      try {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        StringBuilder allowed = new StringBuilder();
        for (E c : type.getEnumConstants()) {
          allowed.append(allowed.length() == 0 ? "" : " or ").append(c.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(flag + " " + value + ": expected " + allowed);
      }
    }
  }
}
