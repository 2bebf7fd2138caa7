package io.seqmia.attacker.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Every evaluated sequence's score under one attack and mode: members and all non-members (original and
 * augmented). The raw material of {@code attack-scores.csv} and the plots, from which every metric can be
 * recomputed.
 *
 * @param attack attack name, e.g. {@code seqmia-mlp}
 * @param mode   {@code labelled}, {@code shadow} or {@code none}
 * @param rows   one per evaluated sequence, in a stable order (copied, unmodifiable)
 */
public record AttackScores(String attack, String mode, List<Row> rows) {

  /** Variant of an original sequence. */
  public static final String ORIGINAL = "ORIGINAL";
  /** Variant of an augmented near-copy of a sequence (always a non-member). */
  public static final String AUGMENTED = "AUGMENTED";
  /** Negative sets of the report: every non-member, only originals, only augmented variants. */
  public static final String NEGATIVES_ALL = "all";
  public static final String NEGATIVES_ORIGINAL = "original";
  public static final String NEGATIVES_AUGMENTED = "augmented";

  public AttackScores {
    requireName("attack", attack);
    requireName("mode", mode);
    if (rows == null) {
      throw new IllegalArgumentException("rows of " + attack + "/" + mode + " must not be null");
    }
    rows = List.copyOf(rows); // also rejects null rows
  }

  /**
   * One evaluated sequence.
   *
   * @param variant {@link #ORIGINAL} or {@link #AUGMENTED}
   * @param member  ground truth: was it in the target's training set
   * @param score   the attack's score, higher = more likely a member; not NaN
   */
  public record Row(String sequenceId, String variant, boolean member, double score) {
    public Row {
      if (sequenceId == null || sequenceId.isEmpty()) {
        throw new IllegalArgumentException("sequence id must not be empty");
      }
      if (!ORIGINAL.equals(variant) && !AUGMENTED.equals(variant)) {
        throw new IllegalArgumentException("variant of sequence " + sequenceId + " must be " + ORIGINAL + " or "
            + AUGMENTED + ", got " + variant);
      }
      if (Double.isNaN(score)) {
        throw new IllegalArgumentException("score of sequence " + sequenceId + " is NaN");
      }
    }
  }

  /** "attack / mode", the label used in plots. */
  public String label() {
    return attack + " / " + mode;
  }

  /** The scores, in row order. */
  public double[] scores() {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i).score();
    }
    return out;
  }

  /** The membership labels, in row order. */
  public boolean[] members() {
    boolean[] out = new boolean[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i).member();
    }
    return out;
  }

  public long memberCount() {
    return rows.stream().filter(Row::member).count();
  }

  public long nonMemberCount() {
    return rows.size() - memberCount();
  }

  /**
   * Every member plus the non-members of one negative set ({@link #NEGATIVES_ALL}, {@link #NEGATIVES_ORIGINAL},
   * {@link #NEGATIVES_AUGMENTED}), as the report's {@code negatives} field defines them.
   */
  public AttackScores withNegatives(String negatives) {
    String keep = switch (negatives == null ? "" : negatives) {
      case NEGATIVES_ALL -> null;
      case NEGATIVES_ORIGINAL -> ORIGINAL;
      case NEGATIVES_AUGMENTED -> AUGMENTED;
      default -> throw new IllegalArgumentException("negatives must be " + NEGATIVES_ALL + ", " + NEGATIVES_ORIGINAL
          + " or " + NEGATIVES_AUGMENTED + ", got " + negatives);
    };
    if (keep == null) {
      return this;
    }
    List<Row> kept = new ArrayList<>();
    for (Row row : rows) {
      if (row.member() || row.variant().equals(keep)) {
        kept.add(row);
      }
    }
    return new AttackScores(attack, mode, kept);
  }

  private static void requireName(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " name must not be blank");
    }
  }
}
