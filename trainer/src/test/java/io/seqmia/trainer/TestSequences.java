package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.SequenceVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic test data: sessions walk a fixed random Markov chain over {@code items} items, each item
 * having a few possible successors, so there is sequential structure to learn and enough randomness
 * that a model can memorise individual sessions.
 */
final class TestSequences {

  private final int[][] successors;
  private final Random random;

  TestSequences(int items, int successorsPerItem, long seed) {
    Random chain = new Random(seed);
    successors = new int[items][successorsPerItem];
    for (int i = 0; i < items; i++) {
      for (int j = 0; j < successorsPerItem; j++) {
        successors[i][j] = chain.nextInt(items);
      }
    }
    random = new Random(seed + 1);
  }

  static String item(int i) {
    return "item-" + i;
  }

  /** {@code count} ORIGINAL sequences of the split, lengths in [minLength, maxLength]. */
  List<ClickSequence> sequences(String prefix, int count, MembershipSplit split, int minLength, int maxLength) {
    List<ClickSequence> out = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      int length = minLength + random.nextInt(maxLength - minLength + 1);
      List<String> items = new ArrayList<>(length);
      int current = random.nextInt(successors.length);
      for (int i = 0; i < length; i++) {
        items.add(item(current));
        current = successors[current][random.nextInt(successors[current].length)];
      }
      out.add(sequence(prefix + "-" + n, items, split, SequenceVariant.ORIGINAL, null, n % 2 == 0));
    }
    return out;
  }

  static ClickSequence sequence(String id, List<String> items, MembershipSplit split, SequenceVariant variant,
      String parent, boolean attackerKnows) {
    List<Long> timestamps = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      timestamps.add(1_700_000_000_000L + i * 1000L);
    }
    return ClickSequence.newBuilder()
        .setSequenceId(id)
        .setSessionId(parent == null ? id : parent)
        .setItemIds(items)
        .setTimestamps(timestamps)
        .setVariant(variant)
        .setParentSequenceId(parent)
        .setSplit(split)
        .setAttackerKnows(attackerKnows)
        .build();
  }

  /** A copy with one item replaced, as the streams-app's augmentation would produce. */
  static ClickSequence augmented(ClickSequence parent, int position, String replacement) {
    List<String> items = new ArrayList<>(parent.getItemIds());
    items.set(position, replacement);
    ClickSequence s = sequence(parent.getSequenceId() + "#a1", items,
        parent.getSplit() == MembershipSplit.TARGET_MEMBER || parent.getSplit() == MembershipSplit.TARGET_NONMEMBER
            ? MembershipSplit.TARGET_NONMEMBER : MembershipSplit.SHADOW_NONMEMBER,
        SequenceVariant.AUGMENTED, parent.getSequenceId(), parent.getAttackerKnows());
    s.setSessionId(parent.getSessionId());
    s.setReplacedPosition(position);
    return s;
  }
}
