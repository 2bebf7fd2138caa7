package io.seqmia.attacker;

import io.seqmia.kernel.SampleKey;
import io.seqmia.schemas.ScoreVector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * A bounded, seeded sample of score vectors ({@code attacker.eval.max}): the {@code max} vectors whose keyed hash of
 * their sequence id is smallest (a bottom-k sketch). It depends on the set of sequence ids and the seed, not on the
 * order the vectors arrived in, and holds at most {@code max} vectors while any number stream past. A re-sent
 * sequence id replaces its vector. {@link #seen()} counts the vectors offered (the trainer sends one per sequence
 * and model version), without keeping their ids.
 */
final class VectorSample {

  private record Key(long hash, String id) {}

  private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::hash).thenComparing(Key::id);

  private final int max;
  private final long seed;
  private final TreeMap<Key, ScoreVector> kept = new TreeMap<>(ORDER);
  private int offered;

  VectorSample(int max, long seed) {
    if (max < 1) {
      throw new IllegalArgumentException("sample size must be >= 1, got " + max);
    }
    this.max = max;
    this.seed = seed;
  }

  void offer(ScoreVector v) {
    String id = v.getSequenceId();
    offered++;
    Key key = new Key(hash(id, seed), id);
    if (kept.containsKey(key) || kept.size() < max) {
      kept.put(key, v);
      return;
    }
    if (ORDER.compare(key, kept.lastKey()) < 0) {
      kept.pollLastEntry();
      kept.put(key, v);
    }
  }

  /** Vectors offered. */
  int seen() {
    return offered;
  }

  int size() {
    return kept.size();
  }

  /** The sampled vectors in sequence-id order. */
  List<ScoreVector> vectors() {
    List<ScoreVector> out = new ArrayList<>(kept.values());
    out.sort(Comparator.comparing(ScoreVector::getSequenceId));
    return out;
  }

  /** The sample key of an id ({@link SampleKey}). */
  static long hash(String id, long seed) {
    return SampleKey.of(id, seed);
  }
}
