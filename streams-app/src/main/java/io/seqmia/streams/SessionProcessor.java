package io.seqmia.streams;

import io.seqmia.schemas.Click;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.Records;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.streams.StreamsCounters.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects clicks into sessions and turns closed sessions into {@link ClickSequence}s (see
 * docs/STREAMS.md). Receives raw value bytes and decodes them itself, so a malformed record becomes a
 * dead letter instead of stopping the task. Sessions close on stream-time punctuation or on the flush
 * marker of the task's partition. Which clicks form a session is the {@link Sessionizer}'s business
 * ({@code session.mode}); cleaning, splits and counting are done here. Each ORIGINAL and each flush also
 * goes to the single {@link AugmentProcessor}, which makes the variants.
 */
final class SessionProcessor implements Processor<String, byte[], String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(SessionProcessor.class);
  static final String SOURCE = "streams";
  static final String REASON_LATE = "late";
  /** How often, in stream time, open sessions are checked for closing. */
  static final Duration PUNCTUATE_INTERVAL = Duration.ofMinutes(1);
  /**
   * How often (wall clock) a step of unfinished work runs: the rest of a flush, sessions due that the
   * last step's budget did not reach. Each step is one chunk; Kafka Streams commits in between.
   */
  static final Duration STEP_INTERVAL = Duration.ofMillis(50);
  /** Longest printable form of a bad record kept in a dead letter. */
  static final int MAX_RAW_TEXT = 1000;
  /** Sessions dropped by the repeat rule that the flush line names as examples (the rest: counted, and DEBUG). */
  static final int DROP_EXAMPLES = 3;

  private final StreamsAppConfig config;
  private final StreamsCounters totals;

  private ProcessorContext<String, Object> context;
  private TaskCounters counters;
  private Sessionizer sessionizer;
  private MembershipSplitter splitter;
  /** The clicks partition of this task (one source topic: the task's partition). */
  private int partition;
  private final List<String> dropExamples = new ArrayList<>(DROP_EXAMPLES);
  private KeyValueStore<String, String> flushProgress;
  /** True while the last step ran out of budget with closing left to do (in memory: a restart re-checks). */
  private boolean dueBacklog;

  SessionProcessor(StreamsAppConfig config, StreamsCounters counters) {
    this.config = config;
    this.totals = counters;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    counters = new TaskCounters(totals, context.metrics(), context.taskId().toString());
    sessionizer = switch (config.sessionMode()) {
      case SESSION_ID -> new SessionIdSessionizer(context, config);
      case USER_GAP -> new UserGapSessionizer(context, config);
    };
    partition = context.taskId().partition();
    splitter = MembershipSplitter.from(config);
    flushProgress = context.getStateStore(SeqmiaTopology.FLUSH_PROGRESS_STORE);
    dueBacklog = true;
    context.schedule(PUNCTUATE_INTERVAL, PunctuationType.STREAM_TIME, t -> step());
    context.schedule(STEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, t -> {
      if (dueBacklog || FlushProgress.active(flushProgress) != null) {
        step();
      }
    });
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Optional<RecordMetadata> meta = context.recordMetadata();
    if (record.value() == null) {
      if (FlushMarker.isFlushMarker(record.headers())) {
        long arrival = meta.map(RecordMetadata::offset).orElse(context.currentSystemTimeMs());
        if (FlushProgress.offer(flushProgress, FlushMarker.runId(record.headers()), arrival)) {
          step();
        }
      } else {
        deadLetter(record.key(), "null value without flush-marker headers", record.key(), meta);
        counters.increment(Counter.DEAD_LETTERED);
      }
      return;
    }
    Click click;
    try {
      click = Records.CLICK.decode(record.value());
    } catch (SerializationException e) {
      deadLetter(record.key(), "malformed Click: " + e.getMessage(), printable(record.value()), meta);
      counters.increment(Counter.DEAD_LETTERED);
      return;
    }
    if (click.getItemId() == null || click.getItemId().isBlank()) {
      deadLetter(record.key(), "Click without item id", String.valueOf(click), meta);
      counters.increment(Counter.DEAD_LETTERED);
      return;
    }
    String rejected = sessionizer.add(click, record.key(), context.currentStreamTimeMs());
    if (rejected != null) {
      deadLetter(record.key(), rejected, String.valueOf(click), meta);
      counters.increment(REASON_LATE.equals(rejected) ? Counter.LATE : Counter.DEAD_LETTERED);
    }
  }

  /**
   * One bounded step of closing work, within one chunk budget: sessions whose close time has passed,
   * then the flush in progress, then forgetting old closed ids. Whatever does not fit goes on in the
   * next step (wall-clock punctuation), after Kafka Streams has committed this one.
   */
  private void step() {
    long streamTime = context.currentStreamTimeMs();
    ChunkBudget budget = ChunkBudget.start(config);
    sessionizer.closeDue(streamTime, this::close, budget);
    boolean dueLeft = budget.exhausted();
    for (FlushProgress flush = FlushProgress.active(flushProgress); flush != null && !budget.exhausted(); ) {
      flush = flushStep(flush, streamTime, budget);
    }
    sessionizer.forgetClosedBefore(streamTime - config.closedSessionRetention().toMillis(), budget);
    dueBacklog = dueLeft || budget.exhausted();
    if (budget.exhausted()) {
      // A full chunk: ask Kafka Streams to commit once this step returns, so that the next chunk starts a new
      // transaction. Smaller steps ride on the regular commit (commit.interval.ms). Asking after every step made
      // the app commit-bound on sparse data (a producer flush per minute of event time: 750 clicks/s at 12,000
      // sessions over 7 days; docs/BENCHMARKS.md).
      context.commit();
    }
  }

  /**
   * Closes the next open sessions of the flush in progress. When none is left, tells the augmenter
   * (which writes the SESSIONS_FLUSHED event once it has augmented what this flush released) and starts
   * the next queued flush, which it returns; otherwise returns the flush with its new cursor.
   */
  private FlushProgress flushStep(FlushProgress flush, long streamTime, ChunkBudget budget) {
    long[] tally = new long[2]; // originals, not emitted
    Sessionizer.SweepStep swept = sessionizer.closeOpen(streamTime, (sessionId, userId, clicks) -> {
      int emitted = close(sessionId, userId, clicks);
      tally[emitted > 0 ? 0 : 1]++;
      return emitted;
    }, flush.cursor(), budget);
    FlushProgress progress = flush.advance(swept.lastKey(), tally[0], tally[1]);
    if (!swept.reachedEnd()) {
      FlushProgress.save(flushProgress, progress);
      return progress;
    }
    announceFlushed(progress, streamTime);
    return FlushProgress.finishActive(flushProgress);
  }

  private void announceFlushed(FlushProgress flush, long streamTime) {
    ControlEvent notice = ControlEvent.newBuilder()
        .setType(ControlType.SESSIONS_FLUSHED)
        .setRunId(flush.runId())
        .setSource(SOURCE)
        .setTimestamp(Instant.now())
        .setPartition(partition)
        .setCount(flush.originals())
        .setAttributes(Map.of(
            "flushOriginals", Long.toString(flush.originals()),
            "openSessions", Long.toString(flush.closed()),
            "tooShort", Long.toString(flush.tooShort()),
            "task", context.taskId().toString()))
        .build();
    context.forward(new Record<String, Object>(flush.runId(), AugmentInput.flush(partition, notice), streamTime));
    LOG.info("Flush {} on partition {}: {} open sessions closed, {} originals emitted, {} too short; counters {}{}",
        flush.runId(), partition, flush.closed(), flush.originals(), flush.tooShort(), totals,
        dropExamples.isEmpty() ? "" : "; dropped by the repeat rule, e.g. (session and clicks) " + dropExamples);
  }

  /**
   * Cleans a closed session and emits its sequence and variants. Returns the number of sequences
   * emitted (0 when too short).
   */
  private int close(String sessionId, String userId, List<TimedItem> clicks) {
    SequenceCleaner.Result cleaned = SequenceCleaner.clean(clicks, config.dropRepeats(), config.maxLength());
    counters.add(Counter.DUPLICATES_REMOVED, cleaned.duplicatesRemoved());
    counters.add(Counter.REPEATS_REMOVED, cleaned.repeatsRemoved());
    if (cleaned.items().size() < config.minLength()) {
      counters.increment(Counter.TOO_SHORT);
      if (cleaned.items().size() + cleaned.repeatsRemoved() >= config.minLength()) {
        // Long enough before drop.repeats removed its consecutive repeats: report it with why.
        counters.increment(Counter.DROPPED_BY_REPEATS);
        // per session only at DEBUG; the flush line counts them and names the first few
        LOG.debug("Session {} dropped by the repeat rule: {} clicks, {} after removing exact duplicates, {} after"
            + " dropping consecutive repeats (items {}), below streams.min.length {}", sessionId, clicks.size(),
            clicks.size() - cleaned.duplicatesRemoved(), cleaned.items().size(),
            cleaned.items().stream().map(TimedItem::itemId).toList(), config.minLength());
        if (dropExamples.size() < DROP_EXAMPLES) {
          dropExamples.add(sessionId + " " + clicks.stream().map(TimedItem::itemId).toList());
        }
      }
      return 0;
    }
    if (cleaned.truncated()) {
      counters.increment(Counter.TRUNCATED);
    }
    List<String> items = new ArrayList<>(cleaned.items().size());
    List<Long> timestamps = new ArrayList<>(cleaned.items().size());
    for (TimedItem t : cleaned.items()) {
      items.add(t.itemId());
      timestamps.add(t.eventTime());
    }
    String splitKey = MembershipSplitter.splitKey(config.splitBy(), sessionId, items);
    MembershipSplit split = splitter.split(splitKey);
    boolean knows = splitter.attackerKnows(splitKey);
    ClickSequence original = ClickSequence.newBuilder()
        .setSequenceId(sessionId)
        .setSessionId(sessionId)
        .setUserId(userId)
        .setItemIds(items)
        .setTimestamps(timestamps)
        .setVariant(SequenceVariant.ORIGINAL)
        .setSplit(split)
        .setAttackerKnows(knows)
        .build();
    emitSequence(original);
    counters.increment(Counter.SESSIONS_EMITTED);
    return 1;
  }

  @Override
  public void close() {
    if (counters != null) {
      counters.close();
    }
  }

  private void emitSequence(ClickSequence sequence) {
    // Wall-clock timestamps: event times may be years old, and the broker's retention (and the
    // trainer's latency numbers) go by record timestamps.
    long now = System.currentTimeMillis();
    // Children route by value type (SeqmiaTopology): the sequence goes to click-sequences, its
    // envelope to the augmenter.
    context.forward(new Record<String, Object>(sequence.getSequenceId(), sequence, now));
    // The envelope carries stream time, not wall-clock time: it must not move the stream time of a task
    // that also reads clicks (as in TopologyTestDriver, which runs every sub-topology in one task).
    context.forward(new Record<String, Object>(sequence.getSequenceId(), AugmentInput.sequence(partition, sequence),
        context.currentStreamTimeMs()));
  }

  private void deadLetter(String key, String reason, String rawText, Optional<RecordMetadata> meta) {
    DeadLetter letter = DeadLetter.newBuilder()
        .setSource(SOURCE)
        .setReason(reason)
        .setRawText(rawText == null ? null : truncate(rawText))
        .setTopic(meta.map(RecordMetadata::topic).orElse(null))
        .setPartition(meta.map(RecordMetadata::partition).orElse(null))
        .setOffset(meta.map(RecordMetadata::offset).orElse(null))
        .setRejectedAt(Instant.now())
        .build();
    context.forward(new Record<String, Object>(key, letter, System.currentTimeMillis()));
  }

  private static String printable(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, MAX_RAW_TEXT), StandardCharsets.UTF_8);
    return text.replaceAll("[\\p{Cntrl}&&[^\\t]]", "?");
  }

  private static String truncate(String s) {
    return s.length() <= MAX_RAW_TEXT ? s : s.substring(0, MAX_RAW_TEXT) + "...";
  }
}
