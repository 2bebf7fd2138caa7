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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects clicks into sessions and turns closed sessions into {@link ClickSequence}s (see
 * docs/STREAMS.md). Receives raw value bytes and decodes them itself, so a malformed record becomes a
 * dead letter instead of stopping the task. Sessions close on stream-time punctuation or on the flush
 * marker of the task's partition.
 */
final class SessionProcessor implements Processor<String, byte[], String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(SessionProcessor.class);
  static final String SOURCE = "streams";
  static final String REASON_LATE = "late";
  /** How often, in stream time, open sessions are checked for closing. */
  static final Duration PUNCTUATE_INTERVAL = Duration.ofMinutes(1);
  /** Longest printable form of a bad record kept in a dead letter. */
  static final int MAX_RAW_TEXT = 1000;

  private final StreamsAppConfig config;
  private final StreamsCounters counters;
  private final long gapPlusGraceMs;
  /**
   * Every deadline before this was closed by an earlier sweep, and new deadlines are always later than
   * the stream time they were written at. Sweeps therefore seek here instead of to the first key: a
   * RocksDB iterator from the start would step over every tombstone the earlier sweeps left, which made
   * each punctuation slower than the last (quadratic on a time-ordered replay).
   */
  private long deadlinesSweptTo = 0L;
  /** The same for the closed-session index: everything before this is forgotten already. */
  private long closedForgottenTo = 0L;

  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, SessionState> sessions;
  private KeyValueStore<String, String> deadlines;
  private KeyValueStore<String, Long> closed;
  private KeyValueStore<String, String> closedByTime;
  private ItemSimilarity similarity;
  private Augmenter augmenter;
  private MembershipSplitter splitter;

  SessionProcessor(StreamsAppConfig config, StreamsCounters counters) {
    this.config = config;
    this.counters = counters;
    this.gapPlusGraceMs = config.sessionGap().plus(config.grace()).toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    sessions = context.getStateStore(SeqmiaTopology.SESSIONS_STORE);
    deadlines = context.getStateStore(SeqmiaTopology.SESSION_DEADLINES_STORE);
    closed = context.getStateStore(SeqmiaTopology.CLOSED_SESSIONS_STORE);
    closedByTime = context.getStateStore(SeqmiaTopology.CLOSED_BY_TIME_STORE);
    KeyValueStore<String, Long> itemCounts = context.getStateStore(SeqmiaTopology.ITEM_COUNTS_STORE);
    KeyValueStore<String, Map<String, Long>> cooc = context.getStateStore(SeqmiaTopology.ITEM_COOC_STORE);
    similarity = new ItemSimilarity(itemCounts, cooc, config.similarityTopK());
    augmenter = new Augmenter(config.seed(), similarity);
    splitter = MembershipSplitter.from(config);
    context.schedule(PUNCTUATE_INTERVAL, PunctuationType.STREAM_TIME, this::closeExpired);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Optional<RecordMetadata> meta = context.recordMetadata();
    if (record.value() == null) {
      if (FlushMarker.isFlushMarker(record.headers())) {
        flush(FlushMarker.runId(record.headers()), meta.map(RecordMetadata::partition).orElse(null));
      } else {
        deadLetter(record.key(), "null value without flush-marker headers", record.key(), meta);
        counters.deadLettered.incrementAndGet();
      }
      return;
    }
    Click click;
    try {
      click = Records.CLICK.decode(record.value());
    } catch (SerializationException e) {
      deadLetter(record.key(), "malformed Click: " + e.getMessage(), printable(record.value()), meta);
      counters.deadLettered.incrementAndGet();
      return;
    }
    String sessionId = click.getSessionId();
    if (sessionId == null || sessionId.isBlank() || click.getItemId() == null || click.getItemId().isBlank()) {
      deadLetter(record.key(), "Click without session id or item id", String.valueOf(click), meta);
      counters.deadLettered.incrementAndGet();
      return;
    }
    if (closed.get(sessionId) != null) {
      deadLetter(record.key(), REASON_LATE, String.valueOf(click), meta);
      counters.late.incrementAndGet();
      return;
    }
    long streamTime = context.currentStreamTimeMs();
    SessionState state = sessions.get(sessionId);
    if (state == null) {
      state = SessionState.empty();
    } else {
      deadlines.delete(indexKey(state.closeAt(gapPlusGraceMs), sessionId));
    }
    state.add(new TimedItem(click.getItemId(), click.getEventTime().toEpochMilli()), click.getUserId(), streamTime);
    sessions.put(sessionId, state);
    deadlines.put(indexKey(state.closeAt(gapPlusGraceMs), sessionId), sessionId);
  }

  /** Stream-time punctuation: closes sessions whose deadline has passed, forgets old closed ids. */
  private void closeExpired(long streamTime) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        deadlines.range(indexKey(deadlinesSweptTo, ""), indexKey(streamTime, ""))) {
      while (it.hasNext()) {
        KeyValue<String, String> e = it.next();
        if (timeOf(e.key) >= streamTime) {
          break; // keys sort by deadline
        }
        due.add(e.value);
      }
    }
    for (String sessionId : due) {
      SessionState state = sessions.get(sessionId);
      if (state != null) {
        close(sessionId, state, streamTime);
      }
    }
    deadlinesSweptTo = Math.max(deadlinesSweptTo, streamTime);
    long forgetBefore = streamTime - config.closedSessionRetention().toMillis();
    List<KeyValue<String, String>> expired = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        closedByTime.range(indexKey(closedForgottenTo, ""), indexKey(Math.max(0L, forgetBefore), ""))) {
      while (it.hasNext()) {
        KeyValue<String, String> e = it.next();
        if (timeOf(e.key) >= forgetBefore) {
          break;
        }
        expired.add(e);
      }
    }
    for (KeyValue<String, String> e : expired) {
      closedByTime.delete(e.key);
      closed.delete(e.value);
    }
    closedForgottenTo = Math.max(closedForgottenTo, forgetBefore);
  }

  /** Flush marker: close every open session of this task and report how many sequences that made. */
  private void flush(String runId, Integer partition) {
    long streamTime = context.currentStreamTimeMs();
    List<KeyValue<String, SessionState>> open = new ArrayList<>();
    try (KeyValueIterator<String, SessionState> it = sessions.all()) {
      it.forEachRemaining(open::add);
    }
    long originals = 0;
    long augmented = 0;
    for (KeyValue<String, SessionState> e : open) {
      int emitted = close(e.key, e.value, streamTime);
      if (emitted > 0) {
        originals++;
        augmented += emitted - 1;
      }
    }
    ControlEvent event = ControlEvent.newBuilder()
        .setType(ControlType.SESSIONS_FLUSHED)
        .setRunId(runId)
        .setSource(SOURCE)
        .setTimestamp(Instant.now())
        .setPartition(partition)
        .setCount(originals + augmented)
        .setAttributes(Map.of(
            "originals", Long.toString(originals),
            "augmented", Long.toString(augmented),
            "openSessions", Integer.toString(open.size()),
            "task", context.taskId().toString()))
        .build();
    context.forward(new Record<String, Object>(runId, event, System.currentTimeMillis()), SeqmiaTopology.CONTROL_SINK);
    LOG.info("Flush {} on partition {}: {} open sessions closed, {} originals and {} augmented emitted; counters {}",
        runId, partition, open.size(), originals, augmented, counters);
  }

  /**
   * Closes one session: removes it from the open stores, remembers its id, and emits its sequence and
   * variants. Returns the number of sequences emitted (0 when too short).
   */
  private int close(String sessionId, SessionState state, long streamTime) {
    sessions.delete(sessionId);
    deadlines.delete(indexKey(state.closeAt(gapPlusGraceMs), sessionId));
    closed.put(sessionId, streamTime);
    closedByTime.put(indexKey(streamTime, sessionId), sessionId);

    SequenceCleaner.Result cleaned = SequenceCleaner.clean(state.clicks(), config.dropRepeats(), config.maxLength());
    counters.duplicatesRemoved.addAndGet(cleaned.duplicatesRemoved());
    counters.repeatsRemoved.addAndGet(cleaned.repeatsRemoved());
    if (cleaned.items().size() < config.minLength()) {
      counters.tooShort.incrementAndGet();
      return 0;
    }
    if (cleaned.truncated()) {
      counters.truncated.incrementAndGet();
    }
    List<String> items = new ArrayList<>(cleaned.items().size());
    List<Long> timestamps = new ArrayList<>(cleaned.items().size());
    for (TimedItem t : cleaned.items()) {
      items.add(t.itemId());
      timestamps.add(t.eventTime());
    }
    MembershipSplit split = splitter.split(sessionId);
    boolean knows = splitter.attackerKnows(sessionId);
    ClickSequence original = ClickSequence.newBuilder()
        .setSequenceId(sessionId)
        .setSessionId(sessionId)
        .setUserId(state.userId())
        .setItemIds(items)
        .setTimestamps(timestamps)
        .setVariant(SequenceVariant.ORIGINAL)
        .setSplit(split)
        .setAttackerKnows(knows)
        .build();
    emitSequence(original);
    counters.sessionsEmitted.incrementAndGet();
    similarity.update(items);

    int emitted = 1;
    for (int i = 1; i <= config.augmentCount(); i++) {
      String variantId = sessionId + "#a" + i;
      Optional<Augmenter.Variant> variant = augmenter.augment(items, variantId);
      if (variant.isEmpty()) {
        counters.augmentSkipped.incrementAndGet();
        continue;
      }
      emitSequence(ClickSequence.newBuilder(original)
          .setSequenceId(variantId)
          .setItemIds(variant.get().itemIds())
          .setVariant(SequenceVariant.AUGMENTED)
          .setParentSequenceId(sessionId)
          .setReplacedPosition(variant.get().replacedPosition())
          .setSplit(MembershipSplitter.nonMemberOfSide(split))
          .build());
      counters.augmentedEmitted.incrementAndGet();
      emitted++;
    }
    return emitted;
  }

  private void emitSequence(ClickSequence sequence) {
    // Wall-clock timestamps: event times may be years old, and the broker's retention (and the
    // trainer's latency numbers) go by record timestamps.
    context.forward(new Record<String, Object>(sequence.getSequenceId(), sequence, System.currentTimeMillis()),
        SeqmiaTopology.SEQUENCES_SINK);
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
    context.forward(new Record<String, Object>(key, letter, System.currentTimeMillis()), SeqmiaTopology.DLQ_SINK);
  }

  /** Index key: zero-padded time then the id, so that keys sort by time. */
  static String indexKey(long time, String sessionId) {
    return String.format("%019d|%s", Math.max(0L, time), sessionId);
  }

  static long timeOf(String indexKey) {
    return Long.parseLong(indexKey.substring(0, indexKey.indexOf('|')));
  }

  private static String printable(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, MAX_RAW_TEXT), StandardCharsets.UTF_8);
    return text.replaceAll("[\\p{Cntrl}&&[^\\t]]", "?");
  }

  private static String truncate(String s) {
    return s.length() <= MAX_RAW_TEXT ? s : s.substring(0, MAX_RAW_TEXT) + "...";
  }
}
