package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.SequenceVariant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The sequences the trainer holds (a re-sent sequence id replaces the earlier one), with when each was produced. */
final class SequenceStore {

  static final Comparator<ClickSequence> BY_ID = Comparator.comparing(s -> s.getSequenceId().toString());

  private final Map<String, ClickSequence> sequences = new LinkedHashMap<>();
  private final Map<String, Long> producedAt = new HashMap<>();

  void add(ClickSequence s, long producedAtMillis) {
    sequences.put(s.getSequenceId(), s);
    producedAt.put(s.getSequenceId(), producedAtMillis);
  }

  int size() {
    return sequences.size();
  }

  boolean isEmpty() {
    return sequences.isEmpty();
  }

  /** When the sequence was produced (its record timestamp), or null. */
  Long producedAt(String sequenceId) {
    return producedAt.get(sequenceId);
  }

  /** Sequences of the split in sequence-id order; only ORIGINAL variants when {@code originalsOnly}. */
  List<ClickSequence> side(MembershipSplit split, boolean originalsOnly) {
    return select(s -> s.getSplit() == split && (!originalsOnly || s.getVariant() == SequenceVariant.ORIGINAL));
  }

  /** Every sequence the model of that role scores, in sequence-id order. */
  List<ClickSequence> ofRole(String role) {
    return select(s -> roleOf(s).equals(role));
  }

  /** The model role that scores the sequence: its split's side. */
  static String roleOf(ClickSequence s) {
    return s.getSplit() == MembershipSplit.TARGET_MEMBER || s.getSplit() == MembershipSplit.TARGET_NONMEMBER
        ? TrainedTarget.ROLE_TARGET : TrainerService.ROLE_SHADOW;
  }

  private List<ClickSequence> select(Predicate<ClickSequence> keep) {
    List<ClickSequence> out = new ArrayList<>();
    for (ClickSequence s : sequences.values()) {
      if (keep.test(s)) {
        out.add(s);
      }
    }
    // One canonical order: batches, vocabulary and model depend on the set, not on the order partitions were read.
    out.sort(BY_ID);
    return out;
  }
}
