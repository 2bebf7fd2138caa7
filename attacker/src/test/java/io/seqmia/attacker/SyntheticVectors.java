package io.seqmia.attacker;

import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Score vectors like the trainer's: members have a lower mean NLL, augmented non-members sit in between. */
public final class SyntheticVectors {

  /** Signal-carrying features; {@code noise_k} columns follow. */
  public static final List<String> SIGNAL_NAMES = List.of("nll_mean", "nll_std", "length");
  public static final int DEFAULT_NOISE_FEATURES = 2;

  private SyntheticVectors() {}

  /** Kind of vector to draw. */
  public enum Kind { MEMBER, NONMEMBER, AUGMENTED, UNLABELLED }

  /**
   * @param gap how far non-members' mean NLL lies above members' (0: no signal)
   */
  public static List<ScoreVector> generate(int members, int nonMembers, int augmented, double gap, long seed,
      String modelVersion) {
    return generate(members, nonMembers, augmented, gap, seed, modelVersion, DEFAULT_NOISE_FEATURES);
  }

  public static List<ScoreVector> generate(int members, int nonMembers, int augmented, double gap, long seed,
      String modelVersion, int noiseFeatures) {
    Random random = new Random(seed);
    List<ScoreVector> out = new ArrayList<>();
    int id = 0;
    for (int i = 0; i < members; i++) {
      out.add(vector("m-" + id++, Kind.MEMBER, i % 2 == 0, gap, random, modelVersion, noiseFeatures));
    }
    for (int i = 0; i < nonMembers; i++) {
      out.add(vector("n-" + id++, Kind.NONMEMBER, i % 2 == 0, gap, random, modelVersion, noiseFeatures));
    }
    for (int i = 0; i < augmented; i++) {
      out.add(vector("n-" + id++ + "#a1", Kind.AUGMENTED, i % 2 == 0, gap, random, modelVersion,
          noiseFeatures));
    }
    return out;
  }

  public static ScoreVector vector(String id, Kind kind, boolean attackerKnows, double gap, Random random,
      String modelVersion) {
    return vector(id, kind, attackerKnows, gap, random, modelVersion, DEFAULT_NOISE_FEATURES);
  }

  public static ScoreVector vector(String id, Kind kind, boolean attackerKnows, double gap, Random random,
      String modelVersion, int noiseFeatures) {
    double shift = switch (kind) {
      case MEMBER -> 0;
      case NONMEMBER, UNLABELLED -> gap;
      case AUGMENTED -> 0.6 * gap;
    };
    float nll = (float) (2.0 + shift + 0.5 * random.nextGaussian());
    List<String> names = new ArrayList<>(SIGNAL_NAMES);
    List<Float> features = new ArrayList<>(List.of(nll, (float) (1 + 0.3 * random.nextGaussian() + 0.2 * shift),
        (float) (2 + random.nextInt(10))));
    for (int k = 0; k < noiseFeatures; k++) {
      names.add("noise_" + k);
      features.add((float) random.nextGaussian());
    }
    return ScoreVector.newBuilder()
        .setSequenceId(id)
        .setModelRole("target")
        .setModelVersion(modelVersion)
        .setFeatureLayout(FeatureMatrix.LAYOUT)
        .setFeatureNames(names)
        .setFeatures(features)
        .setTopItems(List.of("i1", "i2"))
        .setVariant(kind == Kind.AUGMENTED ? SequenceVariant.AUGMENTED : SequenceVariant.ORIGINAL)
        .setParentSequenceId(kind == Kind.AUGMENTED ? id.substring(0, id.indexOf('#')) : null)
        .setSplit(kind == Kind.MEMBER ? MembershipSplit.TARGET_MEMBER : MembershipSplit.TARGET_NONMEMBER)
        .setMember(kind == Kind.UNLABELLED ? null : kind == Kind.MEMBER)
        .setAttackerKnows(attackerKnows)
        .setScoredAt(Instant.now())
        .setSequenceTime(System.currentTimeMillis() - 50)
        .build();
  }
}
