package io.seqmia.trainer;

import io.seqmia.kernel.OffsetFrontier;
import io.seqmia.kernel.StageLoop;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ModelRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sequences read at or past the committed offsets, waiting for their live vector: scored in chunks, each with the
 * model of its side; a chunk commits click-sequences offsets only below the first sequence still waiting.
 */
final class LiveScoring {

  private static final Logger LOG = LoggerFactory.getLogger(LiveScoring.class);

  /** A sequence read at or past the committed offsets, waiting for its live vector. */
  private record Fresh(ClickSequence sequence, TopicPartition partition, long offset) {}

  private final StageLoop loop;
  private final VectorSender sender;
  private final OffsetFrontier frontier = new OffsetFrontier();
  private List<Fresh> queue = new ArrayList<>();

  LiveScoring(StageLoop loop, VectorSender sender) {
    this.loop = loop;
    this.sender = sender;
  }

  /** Holds the sequence until {@link #score}. */
  void add(ClickSequence sequence, TopicPartition partition, long offset) {
    queue.add(new Fresh(sequence, partition, offset));
    frontier.add(partition, offset);
  }

  /** Ids of the sequences waiting (a resumed bulk run leaves them to be scored live). */
  Set<String> waitingIds() {
    Set<String> ids = new HashSet<>();
    queue.forEach(f -> ids.add(f.sequence().getSequenceId()));
    return ids;
  }

  /** Scores the waiting sequences in chunks, each with the model of its side (shadow ones only with a shadow). */
  void score(TrainedTarget model, TrainedTarget shadow, String runId) {
    if (queue.isEmpty()) {
      return;
    }
    List<Fresh> todo = queue;
    queue = new ArrayList<>();
    loop.inBatches(todo, BulkRun.SCORE_BATCH, batch -> {
      List<ClickSequence> targetSide = new ArrayList<>();
      List<ClickSequence> shadowSide = new ArrayList<>();
      for (Fresh f : batch) {
        (SequenceStore.roleOf(f.sequence()) == ModelRole.SHADOW ? shadowSide : targetSide)
            .add(f.sequence());
      }
      sender.vectors(model, targetSide, ModelRole.TARGET);
      if (shadow != null) {
        sender.vectors(shadow, shadowSide, ModelRole.SHADOW);
      }
      batch.forEach(f -> frontier.complete(f.partition(), f.offset()));
    });
    LOG.debug("run {}: scored {} new sequences live", runId, todo.size());
  }

  /** The click-sequences offset a chunk may commit on that partition: below the first sequence still waiting. */
  long commitOffset(TopicPartition partition, long position) {
    return frontier.commitOffset(partition, position);
  }
}
