package io.seqmia.bench;

import io.seqmia.data.ClickEvent;
import io.seqmia.data.ClickFormat;
import io.seqmia.data.ClickReader;
import io.seqmia.data.ClickReaders;
import io.seqmia.streams.SequenceCleaner;
import io.seqmia.streams.StreamsAppConfig;
import io.seqmia.streams.TimedItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessionization logic's own limit, the streams-app's reference: one thread, everything in memory, no
 * Kafka. It reads a click file, groups the clicks by session id, and cleans each session with the
 * streams-app's own {@link SequenceCleaner} and default rules (drop repeats, keep the last 20 items, at least 2).
 */
public final class SessionizerReference {

  /** What one pass produced, and how fast. */
  public record Result(long clicks, long sessions, long sequences, double seconds) {

    public double clicksPerSecond() {
      return clicks / seconds;
    }
  }

  private SessionizerReference() {}

  public static Result run(Path file) throws Exception {
    long start = System.nanoTime();
    Map<String, List<TimedItem>> sessions = new HashMap<>();
    long clicks = 0;
    try (ClickReader reader = ClickReaders.open(file, ClickFormat.YOOCHOOSE)) {
      while (reader.hasNext()) {
        ClickEvent e = reader.next();
        sessions.computeIfAbsent(e.sessionId(), k -> new ArrayList<>(4))
            .add(new TimedItem(e.itemId(), e.eventTimeMillis()));
        clicks++;
      }
    }
    long sequences = 0;
    for (List<TimedItem> session : sessions.values()) {
      SequenceCleaner.Result r = SequenceCleaner.clean(session, StreamsAppConfig.DEFAULT_DROP_REPEATS,
          StreamsAppConfig.DEFAULT_MAX_LENGTH);
      if (r.items().size() >= StreamsAppConfig.DEFAULT_MIN_LENGTH) {
        sequences++;
      }
    }
    return new Result(clicks, sessions.size(), sequences, (System.nanoTime() - start) / 1e9);
  }

  /** Usage: SessionizerReference FILE. Prints one line: clicks, sessions, sequences, seconds, clicks/s. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SessionizerReference FILE (a YooChoose-format click file)");
    }
    Result r = run(Path.of(args[0]));
    System.out.printf("reference sessionizer: %d clicks, %d sessions, %d sequences in %.2f s: %.0f clicks/s%n",
        r.clicks(), r.sessions(), r.sequences(), r.seconds(), r.clicksPerSecond());
  }
}
