package io.seqmia.attacker;

import io.seqmia.kernel.OffsetFrontier;
import io.seqmia.kernel.StageLoop;
import io.seqmia.schemas.ScoreVector;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target vectors of an attacked version read by a poll, waiting for their live verdict: a chunk commits
 * score-vectors offsets only below the first of them.
 */
final class LiveVerdicts {

  private static final Logger LOG = LoggerFactory.getLogger(LiveVerdicts.class);

  private final StageLoop loop;
  private final VerdictPublisher publish;
  private final List<HeldVectors.Held> waiting = new ArrayList<>();
  private final OffsetFrontier frontier = new OffsetFrontier();

  LiveVerdicts(StageLoop loop, VerdictPublisher publish) {
    this.loop = loop;
    this.publish = publish;
  }

  /** A live vector's compact form, its row in the run's own column order (null: unusable, no verdict). */
  static HeldVectors.Held row(AttackRun run, ScoreVector v, TopicPartition partition, long offset) {
    float[] row;
    try {
      row = run.features().row(v);
    } catch (IllegalArgumentException e) {
      LOG.warn("attacker: no verdict for {}: {}", v.getSequenceId(), e.getMessage());
      row = null;
    }
    long produced = v.getSequenceTime() != null ? v.getSequenceTime() : v.getScoredAt().toEpochMilli();
    return new HeldVectors.Held(v.getSequenceId(), v.getModelVersion(), row, v.getVariant(), v.getMember(), produced,
        partition, offset);
  }

  /** Holds the vector until {@link #publish}. */
  void add(HeldVectors.Held h) {
    waiting.add(h);
    frontier.add(h.partition(), h.offset());
  }

  /** The verdicts of what the polls brought, in chunks; the position is committed at the end of the poll's work. */
  void publish(AttackRun run) {
    if (waiting.isEmpty()) {
      return;
    }
    List<HeldVectors.Held> todo = new ArrayList<>(waiting);
    waiting.clear();
    loop.inBatches(todo, AttackerService.VERDICT_BATCH, batch -> {
      List<HeldVectors.Held> usable = new ArrayList<>(batch.size());
      List<float[]> rows = new ArrayList<>(batch.size());
      for (HeldVectors.Held h : batch) {
        if (h.row() != null) {
          usable.add(h);
          rows.add(h.row());
        }
      }
      double[] probabilities = rows.isEmpty() ? new double[0] : run.predict(run.features(), rows);
      for (int i = 0; i < usable.size(); i++) {
        publish.verdict(usable.get(i), probabilities[i], run);
      }
      batch.forEach(h -> frontier.complete(h.partition(), h.offset()));
    });
  }

  /** The score-vectors offset a chunk may commit on that partition: below the first vector still waiting. */
  long commitOffset(TopicPartition partition, long position) {
    return frontier.commitOffset(partition, position);
  }
}
