package io.seqmia.attacker;

import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
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

  /**
   * The shadow model's vectors: same feature signal, role shadow, splits SHADOW_*, every one labelled
   * (membership in the shadow's training set), with items (see {@link #withItems}).
   */
  public static List<ScoreVector> shadow(int members, int nonMembers, double gap, long seed, String modelVersion) {
    Random random = new Random(seed);
    List<ScoreVector> out = new ArrayList<>();
    for (int i = 0; i < members + nonMembers; i++) {
      boolean member = i < members;
      ScoreVector v = vector("s-" + i, member ? Kind.MEMBER : Kind.NONMEMBER, false, gap, random, modelVersion);
      ModelRoles.setRole(v, ModelRole.SHADOW);
      v.setSplit(member ? MembershipSplit.SHADOW_MEMBER : MembershipSplit.SHADOW_NONMEMBER);
      out.add(v);
    }
    return withItems(out, seed + 1);
  }

  /** Items of the synthetic catalogue: {@code item-0 .. item-(ITEMS-1)}. */
  public static final int ITEMS = 120;
  private static final int BLOCK = 10;

  /**
   * Gives each vector a history of 3 to 6 items and 20 recommendations. Like an overfit recommender, a
   * member's recommendations start with its own history's items and their neighbours; a non-member's are
   * drawn at random. Items are grouped in blocks of {@value #BLOCK} that co-occur in histories, so a
   * factorisation of the histories learns which items are close.
   */
  public static List<ScoreVector> withItems(List<ScoreVector> vectors, long seed) {
    Random random = new Random(seed);
    for (ScoreVector v : vectors) {
      int block = random.nextInt(ITEMS / BLOCK);
      int length = 3 + random.nextInt(4);
      List<String> history = new ArrayList<>();
      for (int k = 0; k < length; k++) {
        history.add("item-" + (block * BLOCK + random.nextInt(BLOCK)));
      }
      List<String> top = new ArrayList<>();
      if (Boolean.TRUE.equals(v.getMember())) {
        for (int k = 0; k < BLOCK; k++) {
          top.add("item-" + (block * BLOCK + k));
        }
      }
      while (top.size() < 20) {
        String item = "item-" + random.nextInt(ITEMS);
        if (!top.contains(item)) {
          top.add(item);
        }
      }
      v.setItems(history);
      v.setTopItems(top);
    }
    return vectors;
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
    return ModelRoles.withRole(ScoreVector.newBuilder(), ModelRole.TARGET)
        .setSequenceId(id)
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
