package io.seqmia.trainer;

import io.seqmia.kernel.ChunkedTransactions;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlAttributes;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scores batches and sends their vectors, and the trainer's control events, into the open chunk. */
final class VectorSender {

  /** Items per VOCABULARY event (about 50 KB of nine-digit ids). */
  static final int VOCABULARY_SLICE = 5000;
  /** VOCABULARY attributes: the vocabulary index of the first item, and the model role. */
  static final String FROM = ControlAttributes.FROM;
  static final String ROLE = ControlAttributes.MODEL_ROLE;

  private final ChunkedTransactions out;
  private final Topics topics;
  private final SequenceStore store;

  VectorSender(ChunkedTransactions out, Topics topics, SequenceStore store) {
    this.out = out;
    this.topics = topics;
    this.store = store;
  }

  /** Scores the batch with the model of {@code role} and sends one vector per sequence. */
  void vectors(TrainedTarget scorer, List<ClickSequence> batch, ModelRole role) {
    if (batch.isEmpty()) {
      return;
    }
    Topic<String, ScoreVector> topic = topics.scoreVectors();
    List<ScoreVector> vectors = scorer.score(batch, role);
    for (int i = 0; i < vectors.size(); i++) {
      ScoreVector v = vectors.get(i);
      if (role == ModelRole.SHADOW) {
        v.setMember(scorer.member(batch.get(i), MembershipSplit.SHADOW_MEMBER)); // in the shadow's training set
      }
      if (v.getSequenceTime() == null) {
        v.setSequenceTime(store.producedAt(v.getSequenceId())); // lets the attacker report verdict latency
      }
      out.send(topic.name(), v.getSequenceId(), topic.valueSerde().serializer().serialize(topic.name(), v));
    }
  }

  /**
   * The model's index-to-item mapping as VOCABULARY events of at most {@value #VOCABULARY_SLICE} items: attributes
   * modelVersion, modelRole and {@value #FROM} (the vocabulary index of the slice's first item), count = the number
   * of items (indices {@value Vocabulary#SPECIAL_TOKENS} .. count + 3). Idempotent: a resumed bulk run sends them
   * again, and readers keep one copy per (model version, from).
   */
  static List<ControlEvent> vocabulary(String runId, TrainedTarget model, ModelRole role) {
    List<String> items = model.vocabulary().items();
    List<ControlEvent> out = new java.util.ArrayList<>();
    for (int from = 0; from < items.size() || (from == 0 && items.isEmpty()); from += VOCABULARY_SLICE) {
      out.add(event(ControlType.VOCABULARY, runId, (long) items.size(), Map.of(), Map.of(
          TrainerService.MODEL_VERSION, model.modelVersion(), ROLE, ModelRoles.wireName(role),
          FROM, Integer.toString(Vocabulary.SPECIAL_TOKENS + from)))
          .setItems(new java.util.ArrayList<>(items.subList(from, Math.min(items.size(), from + VOCABULARY_SLICE))))
          .build());
      if (items.isEmpty()) {
        break;
      }
    }
    return out;
  }

  void send(ControlEvent event) {
    Topic<String, ControlEvent> topic = topics.control();
    out.send(topic.name(), event.getRunId(), topic.valueSerde().serializer().serialize(topic.name(), event));
  }

  void control(ControlType type, String runId, Long count, Map<String, Double> metrics,
      Map<String, String> attributes) {
    send(event(type, runId, count, metrics, attributes).build());
  }

  /** MODEL_TRAINED, with the training curves. */
  void modelTrained(String runId, Map<String, Double> metrics, Map<String, String> attributes,
      Map<String, List<Double>> series) {
    send(event(ControlType.MODEL_TRAINED, runId, null, metrics, attributes).setSeries(new HashMap<>(series)).build());
  }

  private static ControlEvent.Builder event(ControlType type, String runId, Long count, Map<String, Double> metrics,
      Map<String, String> attributes) {
    return ControlEvent.newBuilder()
        .setType(type)
        .setRunId(runId)
        .setSource(TrainerService.SOURCE)
        .setTimestamp(Instant.now())
        .setCount(count)
        .setMetrics(new HashMap<>(metrics))
        .setAttributes(new HashMap<>(attributes));
  }
}
