package io.seqmia.streams;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.streams.StreamsCounters.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The augmentation stage: one task (its input topic has one partition) that owns the item similarity.
 * Until the replay has been flushed on every clicks partition it buffers the ORIGINALs. Then it
 * <em>releases</em> them in two bounded-step passes over the buffer: TEACH counts every buffered session
 * into the similarity, AUGMENT takes one snapshot of it and makes each session's variants from that
 * snapshot, as the seed paper does with the interaction matrix of all sessions. A variant therefore
 * depends only on its session and the snapshot: not on partitioning, threads, or arrival order. The
 * passes' cursors live in a state store, so a crash resumes them. After the first release (live mode)
 * each ORIGINAL is augmented on arrival from the latest snapshot, refreshed every
 * {@code similarity.refresh.ms}, and then taught. SESSIONS_FLUSHED events are written here, after the
 * variants they account for (docs/STREAMS.md).
 */
final class AugmentProcessor implements Processor<String, AugmentInput, String, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(AugmentProcessor.class);
  /** Tallies-store key marking live mode (a release has completed). */
  static final String LIVE_KEY = "live";
  /** How often (wall clock) the idle release, the snapshot refresh and the next release step are checked. */
  static final Duration STEP_INTERVAL = Duration.ofMillis(50);
  static final String ORIGINALS = "originals|";
  static final String AUGMENTED = "augmented|";
  static final String SKIPPED = "skipped|";
  /** Progress-store keys: the release pass in progress ({@link Pass}) and the last buffer key it handled. */
  static final String PASS_KEY = "pass";
  static final String CURSOR_KEY = "cursor";

  /** The passes of a release. */
  enum Pass { TEACH, AUGMENT }

  private final StreamsAppConfig config;
  private final StreamsCounters totals;
  private final int clicksPartitions;
  /** Wall-clock time of the last buffered session, -1 when nothing is waiting (in memory: a restart waits again). */
  private long lastBufferedWallClockMs = -1;
  private long lastRefreshWallClockMs;

  private ProcessorContext<String, Object> context;
  private TaskCounters counters;
  private Augmenter augmenter;
  private ItemSimilarity similarity;
  private KeyValueStore<String, AugmentInput> buffer;
  private KeyValueStore<String, AugmentInput> flushes;
  private KeyValueStore<String, Long> tallies;
  private KeyValueStore<String, String> progress;
  /** At most three keys per clicks partition. */
  private final Map<String, Long> pendingTallies = new HashMap<>();

  AugmentProcessor(StreamsAppConfig config, StreamsCounters counters, int clicksPartitions) {
    this.config = config;
    this.totals = counters;
    this.clicksPartitions = clicksPartitions;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    counters = new TaskCounters(totals, context.metrics(), context.taskId().toString());
    similarity = new ItemSimilarity(context.getStateStore(SeqmiaTopology.ITEM_COUNTS_STORE),
        context.getStateStore(SeqmiaTopology.ITEM_PAIRS_STORE), config.similarityTopK());
    augmenter = new Augmenter(config.seed(), similarity);
    buffer = context.getStateStore(SeqmiaTopology.AUGMENT_BUFFER_STORE);
    flushes = context.getStateStore(SeqmiaTopology.AUGMENT_FLUSHES_STORE);
    tallies = context.getStateStore(SeqmiaTopology.AUGMENT_TALLIES_STORE);
    progress = context.getStateStore(SeqmiaTopology.AUGMENT_PROGRESS_STORE);
    lastRefreshWallClockMs = context.currentSystemTimeMs();
    context.schedule(STEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    try (KeyValueIterator<String, AugmentInput> waiting = buffer.all()) {
      if (waiting.hasNext()) {
        lastBufferedWallClockMs = context.currentSystemTimeMs(); // restored buffer: start the idle clock again
      }
    }
  }

  private boolean live() {
    return tallies.get(LIVE_KEY) != null;
  }

  private Pass pass() {
    String p = progress.get(PASS_KEY);
    return p == null ? null : Pass.valueOf(p);
  }

  private void onWallClock(long wallClockMs) {
    if (pass() != null) {
      releaseStep();
      return;
    }
    if (live() && wallClockMs - lastRefreshWallClockMs >= config.similarityRefresh().toMillis()) {
      similarity.refresh();
      lastRefreshWallClockMs = wallClockMs;
    }
    // A live deployment may never send flush markers: then the buffer is released once it has been idle
    // for augment.idle-release.ms. What was buffered then depends on timing (docs/STREAMS.md).
    if (lastBufferedWallClockMs >= 0 && !live()
        && wallClockMs - lastBufferedWallClockMs >= config.augmentIdleRelease().toMillis()) {
      LOG.warn("No complete flush for {} ms: releasing the buffered sessions and going live without one",
          config.augmentIdleRelease().toMillis());
      lastBufferedWallClockMs = -1;
      startRelease();
    }
  }

  @Override
  public void process(Record<String, AugmentInput> record) {
    AugmentInput in = record.value();
    if (in == null) {
      return;
    }
    if (in.isFlush()) {
      String runId = in.flushNotice().getRunId();
      flushes.put(flushKey(runId, in.partition()), in);
      int flushed = noticesOf(runId).size();
      if (flushed < clicksPartitions) {
        LOG.info("Flush {}: partition {} flushed, {} of {} partitions so far", runId, in.partition(), flushed,
            clicksPartitions);
      } else if (pass() == null) {
        if (live()) {
          announceCompleteFlushes();
        } else {
          startRelease();
        }
      } // else: announced when the release in progress ends
    } else if (live() || pass() != null) {
      augmentLive(in);
    } else {
      List<Long> times = in.sequence().getTimestamps();
      long last = times.isEmpty() ? 0L : times.get(times.size() - 1);
      buffer.put(DeadlineIndex.key(last, in.sequence().getSequenceId()), in);
      lastBufferedWallClockMs = context.currentSystemTimeMs();
    }
    flushTallies();
  }

  static String flushKey(String runId, int partition) {
    return runId + "|" + String.format("%010d", partition);
  }

  private List<KeyValue<String, AugmentInput>> noticesOf(String runId) {
    List<KeyValue<String, AugmentInput>> ofRun = new ArrayList<>();
    try (KeyValueIterator<String, AugmentInput> it = flushes.prefixScan(runId + "|",
        org.apache.kafka.common.serialization.Serdes.String().serializer())) {
      it.forEachRemaining(ofRun::add);
    }
    return ofRun;
  }

  private void startRelease() {
    progress.put(PASS_KEY, Pass.TEACH.name());
    progress.delete(CURSOR_KEY);
    releaseStep();
  }

  /** One bounded step of the release in progress: the next buffered sessions of its current pass. */
  private void releaseStep() {
    ChunkBudget budget = ChunkBudget.start(config);
    while (!budget.exhausted()) {
      Pass pass = pass();
      if (pass == null) {
        break;
      }
      String cursor = progress.get(CURSOR_KEY);
      int limit = budget.remaining();
      List<KeyValue<String, AugmentInput>> next = new ArrayList<>();
      try (KeyValueIterator<String, AugmentInput> it = buffer.range(cursor, null)) {
        while (it.hasNext() && next.size() < limit) {
          KeyValue<String, AugmentInput> e = it.next();
          if (!e.key.equals(cursor)) { // TEACH leaves what it taught in the buffer: skip the last one
            next.add(e);
          }
        }
      }
      for (KeyValue<String, AugmentInput> e : next) {
        if (pass == Pass.TEACH) {
          similarity.update(e.value.sequence().getItemIds());
        } else {
          emitVariants(e.value);
          buffer.delete(e.key);
        }
        budget.spend(1);
        cursor = e.key;
      }
      similarity.flush();
      flushTallies();
      if (next.size() == limit) {
        progress.put(CURSOR_KEY, cursor);
      } else if (pass == Pass.TEACH) {
        similarity.refresh(); // the snapshot every variant of this release is made from
        progress.put(PASS_KEY, Pass.AUGMENT.name());
        progress.delete(CURSOR_KEY);
      } else {
        finishRelease();
      }
    }
    if (budget.spent() > 0) {
      context.commit();
    }
  }

  private void finishRelease() {
    progress.delete(PASS_KEY);
    progress.delete(CURSOR_KEY);
    tallies.put(LIVE_KEY, 1L);
    lastRefreshWallClockMs = context.currentSystemTimeMs();
    announceCompleteFlushes();
    LOG.info("Released the buffered sessions: taught, then augmented from one similarity snapshot; counters {}",
        totals);
  }

  /** SESSIONS_FLUSHED for every run whose notices have come from every clicks partition. */
  private void announceCompleteFlushes() {
    Map<String, List<KeyValue<String, AugmentInput>>> byRun = new TreeMap<>();
    try (KeyValueIterator<String, AugmentInput> it = flushes.all()) { // at most runs × partitions entries
      it.forEachRemaining(e -> byRun.computeIfAbsent(e.value.flushNotice().getRunId(), r -> new ArrayList<>()).add(e));
    }
    for (Map.Entry<String, List<KeyValue<String, AugmentInput>>> run : byRun.entrySet()) {
      if (run.getValue().size() < clicksPartitions) {
        continue;
      }
      for (KeyValue<String, AugmentInput> e : run.getValue()) { // keys sort by partition
        emitFlushed(e.value);
        flushes.delete(e.key);
      }
      LOG.info("Flush {} complete on all {} partitions; counters {}", run.getKey(), clicksPartitions, totals);
    }
  }

  /** Live mode: variants from the current snapshot, then the session joins the counts. */
  private void augmentLive(AugmentInput in) {
    emitVariants(in);
    similarity.update(in.sequence().getItemIds());
    similarity.flush();
  }

  /** Emits the variants of one ORIGINAL from the current similarity snapshot. */
  private void emitVariants(AugmentInput in) {
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
    tally(ORIGINALS, in.partition(), 1);
    tally(AUGMENTED, in.partition(), made);
  }

  /** Counts per partition, added up in memory within a step and written by {@link #flushTallies()}. */
  private void tally(String what, int partition, long n) {
    pendingTallies.merge(what + partition, n, Long::sum);
  }

  private void flushTallies() {
    for (Map.Entry<String, Long> e : pendingTallies.entrySet()) {
      Long old = tallies.get(e.getKey());
      tallies.put(e.getKey(), (old == null ? 0L : old) + e.getValue());
    }
    pendingTallies.clear();
  }

  private long takeTally(String what, int partition) {
    flushTallies();
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
