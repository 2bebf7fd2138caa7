package io.seqmia.streams;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.streams.StreamsCounters.Counter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The augmentation stage: one task (its input topic has one partition) that owns the global item
 * similarity. Until the first replay has been flushed on every clicks partition it buffers the
 * ORIGINALs, then releases them in a canonical order, (last event time, sequence id), so the variants
 * do not depend on how sessions were partitioned or in which order tasks closed them. Each session is
 * first augmented with the similarity as it stands, then taught to it. After that first flush (live
 * mode) each ORIGINAL is augmented on arrival, in arrival order. SESSIONS_FLUSHED events are written
 * here, after the variants they account for (docs/STREAMS.md).
 */
final class AugmentProcessor implements Processor<String, AugmentInput, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(AugmentProcessor.class);
  /** Tallies-store key marking live mode (a flush has completed). */
  static final String LIVE_KEY = "live";
  /** How often the idle release is checked (wall clock). */
  static final java.time.Duration IDLE_CHECK = java.time.Duration.ofSeconds(5);
  static final String ORIGINALS = "originals|";
  static final String AUGMENTED = "augmented|";
  static final String SKIPPED = "skipped|";

  private final StreamsAppConfig config;
  private final StreamsCounters totals;
  private final int clicksPartitions;
  /** Wall-clock time of the last buffered session, -1 when nothing is waiting (in memory: a restart waits again). */
  private long lastBufferedWallClockMs = -1;

  private ProcessorContext<String, Object> context;
  private TaskCounters counters;
  private Augmenter augmenter;
  private ItemSimilarity similarity;
  private KeyValueStore<String, AugmentInput> buffer;
  private KeyValueStore<String, AugmentInput> flushes;
  private KeyValueStore<String, Long> tallies;

  AugmentProcessor(StreamsAppConfig config, StreamsCounters counters, int clicksPartitions) {
    this.config = config;
    this.totals = counters;
    this.clicksPartitions = clicksPartitions;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    counters = new TaskCounters(totals, context.metrics(), context.taskId().toString());
    KeyValueStore<String, Long> itemCounts = context.getStateStore(SeqmiaTopology.ITEM_COUNTS_STORE);
    KeyValueStore<String, Map<String, Long>> cooc = context.getStateStore(SeqmiaTopology.ITEM_COOC_STORE);
    similarity = new ItemSimilarity(itemCounts, cooc, config.similarityTopK());
    augmenter = new Augmenter(config.seed(), similarity);
    buffer = context.getStateStore(SeqmiaTopology.AUGMENT_BUFFER_STORE);
    flushes = context.getStateStore(SeqmiaTopology.AUGMENT_FLUSHES_STORE);
    tallies = context.getStateStore(SeqmiaTopology.AUGMENT_TALLIES_STORE);
    context.schedule(IDLE_CHECK, PunctuationType.WALL_CLOCK_TIME, this::releaseIfIdle);
    try (KeyValueIterator<String, AugmentInput> waiting = buffer.all()) {
      if (waiting.hasNext()) {
        lastBufferedWallClockMs = context.currentSystemTimeMs(); // restored buffer: start the idle clock again
      }
    }
  }

  /**
   * A live deployment may never send flush markers: then buffered sessions are augmented anyway once the
   * buffer has been idle for {@code augment.idle-release.ms}, and the processor goes live. The order is
   * still canonical within what was buffered, but what was buffered depends on timing.
   */
  private void releaseIfIdle(long wallClockMs) {
    if (lastBufferedWallClockMs < 0 || tallies.get(LIVE_KEY) != null
        || wallClockMs - lastBufferedWallClockMs < config.augmentIdleRelease().toMillis()) {
      return;
    }
    int released = releaseBuffered();
    tallies.put(LIVE_KEY, 1L);
    lastBufferedWallClockMs = -1;
    LOG.warn("No complete flush for {} ms: augmented {} buffered sessions and went live without one "
        + "(variants then depend on arrival order)", config.augmentIdleRelease().toMillis(), released);
  }

  @Override
  public void process(Record<String, AugmentInput> record) {
    AugmentInput in = record.value();
    if (in == null) {
      return;
    }
    if (in.isFlush()) {
      onFlushNotice(in);
    } else if (tallies.get(LIVE_KEY) != null) {
      augment(in);
    } else {
      List<Long> times = in.sequence().getTimestamps();
      long last = times.isEmpty() ? 0L : times.get(times.size() - 1);
      buffer.put(DeadlineIndex.key(last, in.sequence().getSequenceId()), in);
      lastBufferedWallClockMs = context.currentSystemTimeMs();
    }
  }

  private void onFlushNotice(AugmentInput notice) {
    String runId = notice.flushNotice().getRunId();
    flushes.put(flushKey(runId, notice.partition()), notice);
    List<KeyValue<String, AugmentInput>> ofRun = new ArrayList<>();
    try (KeyValueIterator<String, AugmentInput> it = flushes.prefixScan(runId + "|",
        org.apache.kafka.common.serialization.Serdes.String().serializer())) {
      it.forEachRemaining(ofRun::add);
    }
    if (ofRun.size() < clicksPartitions) {
      LOG.info("Flush {}: partition {} flushed, {} of {} partitions so far", runId, notice.partition(), ofRun.size(),
          clicksPartitions);
      return;
    }
    int released = releaseBuffered();
    tallies.put(LIVE_KEY, 1L);
    for (KeyValue<String, AugmentInput> e : ofRun) { // keys sort by partition
      emitFlushed(e.value);
      flushes.delete(e.key);
    }
    LOG.info("Flush {} complete on all {} partitions: {} buffered sessions augmented in canonical order; counters {}",
        runId, clicksPartitions, released, totals);
  }

  static String flushKey(String runId, int partition) {
    return runId + "|" + String.format("%010d", partition);
  }

  /** Augments every buffered ORIGINAL in key order: (last event time, sequence id). */
  private int releaseBuffered() {
    List<KeyValue<String, AugmentInput>> all = new ArrayList<>();
    try (KeyValueIterator<String, AugmentInput> it = buffer.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, AugmentInput> e : all) {
      buffer.delete(e.key);
      augment(e.value);
    }
    return all.size();
  }

  /** Emits the variants of one ORIGINAL with the similarity as it stands, then teaches it the ORIGINAL. */
  private void augment(AugmentInput in) {
    ClickSequence original = in.sequence();
    String sessionId = original.getSessionId();
    List<String> items = original.getItemIds();
    MembershipSplit variantSplit = MembershipSplitter.variantSplit(original.getSplit(), config.augmentTrainTarget());
    long made = 0;
    for (int i = 1; i <= config.augmentCount(); i++) {
      String variantId = sessionId + "#a" + i;
      Optional<Augmenter.Variant> variant = augmenter.augment(items, variantId);
      if (variant.isEmpty()) {
        counters.increment(Counter.AUGMENT_SKIPPED);
        tally(SKIPPED, in.partition(), 1);
        continue;
      }
      ClickSequence augmented = ClickSequence.newBuilder(original)
          .setSequenceId(variantId)
          .setItemIds(variant.get().itemIds())
          .setVariant(SequenceVariant.AUGMENTED)
          .setParentSequenceId(sessionId)
          .setReplacedPosition(variant.get().replacedPosition())
          .setSplit(variantSplit)
          .build();
      // Wall-clock timestamps, as for the ORIGINALs (SessionProcessor).
      context.forward(new Record<String, Object>(variantId, augmented, System.currentTimeMillis()));
      counters.increment(Counter.AUGMENTED_EMITTED);
      made++;
    }
    similarity.update(items);
    tally(ORIGINALS, in.partition(), 1);
    tally(AUGMENTED, in.partition(), made);
  }

  private void tally(String what, int partition, long n) {
    String key = what + partition;
    Long old = tallies.get(key);
    tallies.put(key, (old == null ? 0L : old) + n);
  }

  private long takeTally(String what, int partition) {
    Long n = tallies.get(what + partition);
    tallies.delete(what + partition);
    return n == null ? 0L : n;
  }

  /**
   * SESSIONS_FLUSHED for one clicks partition; count = ORIGINALs + variants of that partition's sessions
   * augmented since its previous SESSIONS_FLUSHED.
   */
  private void emitFlushed(AugmentInput notice) {
    int partition = notice.partition();
    long originals = takeTally(ORIGINALS, partition);
    long augmented = takeTally(AUGMENTED, partition);
    long skipped = takeTally(SKIPPED, partition);
    Map<String, String> attributes = new HashMap<>(notice.flushNotice().getAttributes());
    attributes.put("originals", Long.toString(originals));
    attributes.put("augmented", Long.toString(augmented));
    attributes.put("augmentSkipped", Long.toString(skipped));
    attributes.put("augmenterTask", context.taskId().toString());
    ControlEvent event = ControlEvent.newBuilder(notice.flushNotice())
        .setTimestamp(Instant.now())
        .setType(ControlType.SESSIONS_FLUSHED)
        .setPartition(partition)
        .setCount(originals + augmented)
        .setAttributes(attributes)
        .build();
    context.forward(new Record<String, Object>(event.getRunId(), event, System.currentTimeMillis()));
  }

  @Override
  public void close() {
    if (counters != null) {
      counters.close();
    }
  }
}
