package io.seqmia.trainer;

import io.seqmia.kernel.BulkProgress;
import io.seqmia.kernel.StageLoop;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version's bulk scoring: every held sequence below {@code below} (per click-sequences partition), the
 * target side then the shadow side, each in sequence-id order, then SCORING_COMPLETE. It runs in chunks; the
 * offsets committed with each chunk carry {@link #progress}, so a restart resumes after the last committed one.
 */
final class BulkRun {

  private static final Logger LOG = LoggerFactory.getLogger(BulkRun.class);
  /** Sequences scored per forward batch (also bounded by the room left in the chunk). */
  static final int SCORE_BATCH = 128;

  final String runId;
  final Map<TopicPartition, Long> below;
  /** Attributes of SCORING_COMPLETE (the model versions and more). */
  final Map<String, String> attributes;
  /** A resumed run waits until the re-read has reached {@link #below} on every partition. */
  final boolean resumed;
  BulkProgress progress;

  BulkRun(String runId, Map<TopicPartition, Long> below, Map<String, String> attributes, BulkProgress progress,
      boolean resumed) {
    this.runId = runId;
    this.below = Map.copyOf(below);
    this.attributes = new HashMap<>(attributes);
    this.progress = progress;
    this.resumed = resumed;
  }

  /**
   * Scores what the run has not committed yet, in chunks, then sends SCORING_COMPLETE and commits. Returns false
   * when the loop began closing first (the open chunk is then aborted by the loop).
   *
   * @param later sequences read past {@link #below} after a restart: not part of this run
   */
  boolean execute(StageLoop loop, VectorSender sender, SequenceStore store, TrainedTarget target,
      TrainedTarget shadow, Set<String> later) {
    // Each model's index-to-item mapping first (its vectors carry recommendations as indices); sent again by a
    // resumed run, harmlessly: readers keep one copy per model version and index.
    java.util.List<io.seqmia.schemas.ControlEvent> vocabulary = new java.util.ArrayList<>(
        VectorSender.vocabulary(runId, target, ModelRole.TARGET));
    if (shadow != null) {
      vocabulary.addAll(VectorSender.vocabulary(runId, shadow, ModelRole.SHADOW));
    }
    loop.inBatches(vocabulary, SCORE_BATCH, batch -> batch.forEach(sender::send));
    SequenceStore.Held targets = store.ofRole(ModelRole.TARGET, later);
    SequenceStore.Held shadows = store.ofRole(ModelRole.SHADOW, later);
    phase(loop, sender, ModelRole.TARGET, target, targets);
    if (shadow != null && !loop.closing()) {
      if (progress.phase().equals(ScoredOffsets.PHASE_TARGET)) {
        progress = BulkProgress.start(ScoredOffsets.PHASE_SHADOW);
      }
      phase(loop, sender, ModelRole.SHADOW, shadow, shadows);
    }
    if (loop.closing()) {
      return false;
    }
    // Without a shadow model (or its checkpoint lost after a restart): what was sent before, if anything.
    long shadowCount = shadow != null ? shadows.size() : shadows.whereId(
        id -> progress.covers(ScoredOffsets.PHASE_SHADOW, id, ScoredOffsets.PHASES)).size();
    attributes.put(TrainerService.SHADOW_COUNT, Long.toString(shadowCount));
    // count stays the number of TARGET vectors: the attacker waits for exactly that many.
    sender.control(ControlType.SCORING_COMPLETE, runId, (long) targets.size(), Map.of(), attributes);
    progress = BulkProgress.DONE;
    loop.commit();
    LOG.info("run {}: scored {} target-side and {} shadow-side sequences under {} ({} transactions so far, the"
        + " largest {} records)", runId, targets.size(), shadowCount, target.modelVersion(),
        loop.out().transactions(), loop.out().largestTransaction());
    return true;
  }

  /** Scores the sequences of one role; the bulk phase's name in the offset metadata is the role's name. */
  private void phase(StageLoop loop, VectorSender sender, ModelRole role, TrainedTarget scorer,
      SequenceStore.Held sequences) {
    String name = ModelRoles.wireName(role);
    // Decoded batch by batch: a bulk run never holds more than one scoring batch of sequences.
    List<ClickSequence> todo = sequences.whereId(id -> !progress.covers(name, id, ScoredOffsets.PHASES));
    loop.inBatches(todo, SCORE_BATCH, batch -> {
      sender.vectors(scorer, batch, role);
      progress = new BulkProgress(name, batch.get(batch.size() - 1).getSequenceId());
    });
  }
}
