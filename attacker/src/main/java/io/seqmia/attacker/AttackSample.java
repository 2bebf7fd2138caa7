package io.seqmia.attacker;

import io.seqmia.schemas.ScoreVector;
import java.util.List;

/**
 * The seeded evaluation samples of {@code attacker.eval.max}, shared by the service and {@code seqmia report} so both
 * attack the same vectors: the target's and the shadow's are bottom-k samples by a keyed hash of the sequence id
 * ({@link VectorSample}), with two salts of the attacker's seed.
 */
public final class AttackSample {

  static final long TARGET_SALT = 0x5A3E_0E7AL;
  static final long SHADOW_SALT = 0x5AD0_5A3EL;

  private AttackSample() {}

  /** At most {@code max} of the target vectors, in sequence-id order. */
  public static List<ScoreVector> target(List<ScoreVector> vectors, int max, long seed) {
    return of(vectors, max, seed ^ TARGET_SALT);
  }

  /** At most {@code max} of the shadow model's vectors, in sequence-id order. */
  public static List<ScoreVector> shadow(List<ScoreVector> vectors, int max, long seed) {
    return of(vectors, max, seed ^ SHADOW_SALT);
  }

  static VectorSample targetSample(int max, long seed) {
    return new VectorSample(max, seed ^ TARGET_SALT);
  }

  static VectorSample shadowSample(int max, long seed) {
    return new VectorSample(max, seed ^ SHADOW_SALT);
  }

  private static List<ScoreVector> of(List<ScoreVector> vectors, int max, long seed) {
    VectorSample s = new VectorSample(max, seed);
    vectors.forEach(s::offer);
    return s.vectors();
  }
}
