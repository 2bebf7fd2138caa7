package io.seqmia.attacker;

import io.seqmia.schemas.ScoreVector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shadow model's vectors, the training data of the shadow-mode attacks (never given a verdict): a seeded
 * sample of at most attacker.eval.max per shadow model version, until that version is released.
 */
final class ShadowSamples {

  private final int evalMax;
  private final long seed;
  private final Map<String, VectorSample> samples = new HashMap<>();
  private final Set<String> released = new HashSet<>();

  ShadowSamples(int evalMax, long seed) {
    this.evalMax = evalMax;
    this.seed = seed;
  }

  /** Offers the vector to its version's sample; a released version's vectors are dropped. */
  void offer(ScoreVector vector) {
    if (!released.contains(vector.getModelVersion())) {
      samples.computeIfAbsent(vector.getModelVersion(), v -> AttackSample.shadowSample(evalMax, seed)).offer(vector);
    }
  }

  /** That shadow version's sample, or null (no version, or none of its vectors read). */
  VectorSample of(String shadowVersion) {
    return shadowVersion == null ? null : samples.get(shadowVersion);
  }

  /** Forgets that version's sample; its later vectors are dropped. */
  void release(String shadowVersion) {
    samples.remove(shadowVersion);
    released.add(shadowVersion);
  }
}
