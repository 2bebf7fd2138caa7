package io.seqmia.streams;

import io.seqmia.schemas.MembershipSplit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Assigns a session to a membership split and decides whether the attacker may see its label.
 * HMAC-SHA256 keyed with the seed over {@code "split:" + key} (the key: the session id, or its item sequence with
 * {@code streams.split.by=content}, {@link #splitKey}) gives a uniform u in [0,1) which is
 * cut by the cumulative split fractions (in {@link MembershipSplit} order); an independent HMAC over
 * {@code "knows:" + key} gives v, and {@code attackerKnows = v < attackerKnowsFraction}.
 * Deterministic for a given seed on any instance and any replay. Not thread-safe (one per task).
 */
public final class MembershipSplitter {

  static final String SPLIT_PREFIX = "split:";
  static final String KNOWS_PREFIX = "knows:";
  private static final String ALGORITHM = "HmacSHA256";
  /** 2^-53: maps the top 53 bits of a long to a double in [0, 1). */
  private static final double UNIT = 0x1.0p-53;

  private final Mac mac;
  private final double[] cumulative = new double[MembershipSplit.values().length];
  private final double attackerKnowsFraction;

  public MembershipSplitter(long seed, Map<MembershipSplit, Double> fractions, double attackerKnowsFraction) {
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(ByteBuffer.allocate(Long.BYTES).putLong(seed).array(), ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
    double sum = 0;
    for (MembershipSplit split : MembershipSplit.values()) {
      sum += fractions.get(split);
      cumulative[split.ordinal()] = sum;
    }
    this.attackerKnowsFraction = attackerKnowsFraction;
  }

  public static MembershipSplitter from(StreamsAppConfig config) {
    return new MembershipSplitter(config.seed(), config.splitFractions(), config.attackerKnowsFraction());
  }

  /** The split of an ORIGINAL sequence. */
  public MembershipSplit split(String sessionId) {
    double u = uniform(SPLIT_PREFIX, sessionId);
    MembershipSplit[] splits = MembershipSplit.values();
    for (MembershipSplit split : splits) {
      if (u < cumulative[split.ordinal()]) {
        return split;
      }
    }
    // Rounding can leave the sum a hair below 1: the last split with a non-zero share takes the rest.
    for (int i = splits.length - 1; i >= 0; i--) {
      if (i == 0 || cumulative[i] > cumulative[i - 1]) {
        return splits[i];
      }
    }
    return splits[splits.length - 1];
  }

  /** Whether the attacker may use this session's label for training; independent of the split. */
  public boolean attackerKnows(String sessionId) {
    return uniform(KNOWS_PREFIX, sessionId) < attackerKnowsFraction;
  }

  /**
   * What an ORIGINAL sequence's split and {@link #attackerKnows} are drawn from: its session id, or with
   * {@link SplitBy#CONTENT} its item sequence (unit-separated, prefixed so that it never equals a session id).
   */
  public static String splitKey(SplitBy by, String sessionId, java.util.List<String> items) {
    return by == SplitBy.CONTENT ? "items\u001e" + String.join("\u001f", items) : sessionId;
  }

  /** The non-member split on the same side (target or shadow): where augmented variants go. */
  public static MembershipSplit nonMemberOfSide(MembershipSplit split) {
    return switch (split) {
      case TARGET_MEMBER, TARGET_NONMEMBER -> MembershipSplit.TARGET_NONMEMBER;
      case SHADOW_MEMBER, SHADOW_NONMEMBER -> MembershipSplit.SHADOW_NONMEMBER;
    };
  }

  /**
   * The split of an AUGMENTED variant of a sequence in {@code parent}. By default ({@code trainTarget}
   * false) the non-member of the parent's side: a near-copy the model did not train on. With
   * {@code augment.train-target} the variant shares its parent's split, so variants of members are
   * members (trained on) and variants of non-members stay non-members.
   */
  public static MembershipSplit variantSplit(MembershipSplit parent, boolean trainTarget) {
    return trainTarget ? parent : nonMemberOfSide(parent);
  }

  double uniform(String prefix, String sessionId) {
    byte[] digest = mac.doFinal((prefix + sessionId).getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    return (bits >>> 11) * UNIT;
  }
}
