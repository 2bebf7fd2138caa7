package io.seqmia.trainer;

import io.seqmia.kernel.ChunkedTransactions;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scores batches and sends their vectors, and the trainer's control events, into the open chunk. */
final class VectorSender {

  private final ChunkedTransactions out;
  private final Topics topics;
  private final SequenceStore store;

  VectorSender(ChunkedTransactions out, Topics topics, SequenceStore store) {
    this.out = out;
    this.topics = topics;
    this.store = store;
  }

  /** Scores the batch with the model of {@code role} and sends one vector per sequence. */
  void vectors(TrainedTarget scorer, List<ClickSequence> batch, String role) {
    if (batch.isEmpty()) {
      return;
    }
    Topic<String, ScoreVector> topic = topics.scoreVectors();
    List<ScoreVector> vectors = scorer.score(batch, role);
    for (int i = 0; i < vectors.size(); i++) {
      ScoreVector v = vectors.get(i);
      if (TrainerService.ROLE_SHADOW.equals(role)) {
        v.setMember(scorer.member(batch.get(i), MembershipSplit.SHADOW_MEMBER)); // in the shadow's training set
      }
      if (v.getSequenceTime() == null) {
        v.setSequenceTime(store.producedAt(v.getSequenceId())); // lets the attacker report verdict latency
      }
      out.send(topic.name(), v.getSequenceId(), topic.valueSerde().serializer().serialize(topic.name(), v));
    }
  }

  void control(ControlType type, String runId, Long count, Map<String, Double> metrics,
      Map<String, String> attributes) {
    ControlEvent event = ControlEvent.newBuilder()
        .setType(type)
        .setRunId(runId)
        .setSource(TrainerService.SOURCE)
        .setTimestamp(Instant.now())
        .setCount(count)
        .setMetrics(new HashMap<>(metrics))
        .setAttributes(new HashMap<>(attributes))
        .build();
    Topic<String, ControlEvent> topic = topics.control();
    out.send(topic.name(), runId, topic.valueSerde().serializer().serialize(topic.name(), event));
  }
}
