package io.seqmia.trainer;

import io.seqmia.kernel.SampleKey;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The seeded member sample ({@code trainer.sample.members}): the N sequences whose keyed hash of their id is
 * smallest. It depends on the set of members and the seed only (not on the order they arrived in), and a larger N
 * contains every smaller one. The sample is returned in the list's (sequence-id) order.
 */
final class MemberSampler {

  private MemberSampler() {}

  /** At most {@code n} of {@code held} (all of them when {@code n} is 0 or at least their number). */
  static SequenceStore.Held sample(SequenceStore.Held held, int n, long seed) {
    if (n <= 0 || n >= held.size()) {
      return held;
    }
    long[] keys = new long[held.size()];
    Integer[] byKey = new Integer[held.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(held.id(i), seed);
      byKey[i] = i;
    }
    Arrays.sort(byKey, Comparator.<Integer>comparingLong(i -> keys[i]).thenComparing(held::id));
    int[] chosen = new int[n];
    for (int k = 0; k < n; k++) {
      chosen[k] = byKey[k];
    }
    Arrays.sort(chosen);
    return held.pick(chosen);
  }

  /**
   * The last member of a sample (its key and id): a sequence id is in the sample exactly when its (key, id) is not
   * after the bound's. A model keeps it to tell the members it trained on from those left out.
   */
  record Bound(long seed, long key, String id) {
    boolean contains(String sequenceId) {
      long k = MemberSampler.key(sequenceId, seed);
      return k < key || (k == key && sequenceId.compareTo(id) <= 0);
    }
  }

  /** The bound of {@code sample(held, n, seed)}; null when that is every member (no sample). */
  static Bound bound(SequenceStore.Held held, int n, long seed) {
    if (n <= 0 || n >= held.size()) {
      return null;
    }
    SequenceStore.Held sample = sample(held, n, seed);
    Bound last = null;
    for (int i = 0; i < sample.size(); i++) {
      long k = key(sample.id(i), seed);
      if (last == null || k > last.key() || (k == last.key() && sample.id(i).compareTo(last.id()) > 0)) {
        last = new Bound(seed, k, sample.id(i));
      }
    }
    return last;
  }

  /** The sample key of an id ({@link SampleKey}). */
  static long key(String id, long seed) {
    return SampleKey.of(id, seed);
  }
}
