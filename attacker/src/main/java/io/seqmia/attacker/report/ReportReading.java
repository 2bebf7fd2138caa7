package io.seqmia.attacker.report;

import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.AttackResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The plain-language reading of an attack report's numbers (report.json's summary, report.md, the console). */
final class ReportReading {

  /** The seed paper's Table 2 on YooChoose, quoted in the reading for comparison. */
  static final double PAPER_MLP_AUC = 0.90012;
  static final double PAPER_DL_MIA_AUC = 0.50352;
  static final double PAPER_BIASED_MIA_AUC = 0.50694;
  private static final String MLP = "seqmia-mlp";
  private static final String LOSS_THRESHOLD = "loss-threshold";

  private ReportReading() {}

  /** A plain-language reading of the numbers, for the report and the console. */
  static String summary(AttackReport report) {
    List<AttackResult> attacks = report.getAttacks();
    if (attacks.isEmpty()) {
      return "No attack results: nothing to read.";
    }
    AttackResult main = Optional.ofNullable(headline(report)).orElse(attacks.get(0));
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "The %s attack (%s) separates %d members from %d %snon-members with AUC %.2f versus 0.50 for chance: %s.",
        main.getName(), main.getMode(), main.getMembers(), main.getNonMembers(),
        main.getNegatives().equals("original") ? "original " : "", main.getAuc(), strength(main.getAuc())));
    Double tpr = main.getMetrics().get("tprAt1Fpr");
    if (tpr != null) {
      s.append(String.format(Locale.ROOT,
          " At a 1%% false-positive rate it identifies %.1f%% of the members.", 100 * tpr));
    }
    find(report, LOSS_THRESHOLD, "all").filter(r -> r != main).ifPresent(r -> s.append(String.format(Locale.ROOT,
        " The label-free loss-threshold baseline reaches AUC %.2f.", r.getAuc())));
    Optional<AttackResult> all = find(report, main.getName().toString(), "all");
    Optional<AttackResult> original = find(report, main.getName().toString(), "original");
    Optional<AttackResult> augmented = find(report, main.getName().toString(), "augmented");
    if (original.isPresent() && augmented.isPresent()) {
      double o = original.get().getAuc();
      double a = augmented.get().getAuc();
      s.append(String.format(Locale.ROOT, " Against every non-member, augmented variants included, its AUC is %s;"
          + " against the augmented variants alone (one item swapped for a similar one) %.2f%s.",
          all.map(r -> String.format(Locale.ROOT, "%.2f", r.getAuc())).orElse("n/a"), a,
          a < o - 0.02 ? ", so near-copies of sequences are harder to tell apart from the real ones"
              : a > o + 0.02 ? ", so augmented variants are easier to reject than original non-members"
              : ", about the same"));
    }
    find(report, MLP, "shadow", "all").ifPresent(r -> s.append(String.format(Locale.ROOT,
        " Trained on the shadow model only (no target label), it reaches AUC %.2f.", r.getAuc())));
    StringBuilder baselines = new StringBuilder();
    for (String name : new String[] {"biased-mia", "dl-mia"}) {
      find(report, name, "all").ifPresent(r -> baselines.append(baselines.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s %.2f (single-point %.2f)", name, r.getAuc(),
              r.getMetrics().getOrDefault("singlePointAuc", Double.NaN))));
    }
    if (baselines.length() > 0) {
      s.append(" The literature's baselines: ").append(baselines).append('.');
    }
    s.append(String.format(Locale.ROOT, " For comparison, the seed paper reports AUC %.2f for its method on"
        + " YooChoose against %.2f (DL-MIA) and %.2f (Biased-MIA)", PAPER_MLP_AUC, PAPER_DL_MIA_AUC,
        PAPER_BIASED_MIA_AUC));
    find(report, MLP, "labelled", "all").ifPresent(r -> s.append(r.getAuc() >= PAPER_MLP_AUC
        ? "; this run's labelled-mode AUC against every non-member (the paper's setting) is at or above it."
        : String.format(Locale.ROOT, "; this run's labelled-mode AUC against every non-member (the paper's setting)"
            + " is %.2f below it%s.", PAPER_MLP_AUC - r.getAuc(), gapExplanation(report))));
    List<String> belowChance = attacks.stream()
        .filter(r -> r.getMetrics().getOrDefault(ReportWriter.CI_HIGH, 1.0) < 0.5)
        .map(r -> r.getName() + " (" + r.getMode() + ", " + r.getNegatives() + String.format(Locale.ROOT,
            ", AUC %.2f)", r.getAuc())).toList();
    if (!belowChance.isEmpty()) {
      s.append(" WARNING: the 95% interval of ").append(String.join(", ", belowChance)).append(belowChance.size() == 1
          ? " lies" : " lie").append(" entirely below 0.5. An attack reliably worse than chance points to a defect"
          + " (a flipped score, a feature the shadow or reference data shifts) rather than to privacy; read its"
          + " inverted score with care.");
    }
    Double train = report.getTarget().get(ReportWriter.TRAIN_LOSS);
    Double heldOut = report.getTarget().get(ReportWriter.HELD_OUT_LOSS);
    if (train != null && heldOut != null) {
      s.append(String.format(Locale.ROOT, " The target's held-out loss (%.3f) is %s its training loss (%.3f)%s.",
          heldOut, heldOut >= train ? "above" : "below", train,
          heldOut > train ? String.format(Locale.ROOT, " by %.3f: the generalisation gap the attack exploits",
              heldOut - train) : ""));
    }
    return s.toString();
  }

  /** Evidence from the run for a weaker attack than the paper's: how little the target overfits. */
  private static String gapExplanation(AttackReport report) {
    Double members = report.getTarget().get("memberNll");
    Double nonMembers = report.getTarget().get("nonMemberNll");
    Double recallM = report.getTarget().get("recallAt20Members");
    Double recallN = report.getTarget().get("recallAt20NonMembers");
    StringBuilder e = new StringBuilder();
    if (members != null && nonMembers != null) {
      e.append(String.format(Locale.ROOT, ": the target's NLL is %.2f on members and %.2f on non-members", members,
          nonMembers));
      if (recallM != null && recallN != null) {
        e.append(String.format(Locale.ROOT, ", Recall@20 %.2f against %.2f", recallM, recallN));
      }
      e.append(", and the attack can only be as strong as that generalisation gap");
    }
    return e.toString();
  }

  /**
   * The honest headline (the reading's first sentence, report.html's marked row): the labelled MLP against
   * original non-members, else its first row, else null. Augmented variants of non-members are easy negatives and
   * variants of members hard ones, so mixing them in says more about the augmentation than about the target.
   */
  static AttackResult headline(AttackReport report) {
    return find(report, MLP, "labelled", "original").or(() -> report.getAttacks().stream()
        .filter(r -> r.getName().equals(MLP) && r.getMode().equals("labelled")).findFirst()).orElse(null);
  }

  private static Optional<AttackResult> find(AttackReport report, String name, String mode, String negatives) {
    return report.getAttacks().stream().filter(r -> r.getName().equals(name) && r.getMode().equals(mode)
        && r.getNegatives().equals(negatives)).findFirst();
  }

  static String strength(double auc) {
    if (auc >= 0.9) return "strong membership leakage";
    if (auc >= 0.7) return "clear membership leakage";
    if (auc >= 0.6) return "moderate membership leakage";
    if (auc >= 0.55) return "weak membership leakage";
    if (auc > 0.45) return "no measurable membership leakage at this sample size";
    return "below chance, which points to a problem in the attack rather than to leakage";
  }

  private static Optional<AttackResult> find(AttackReport report, String name, String negatives) {
    return report.getAttacks().stream()
        .filter(r -> r.getName().equals(name) && r.getNegatives().equals(negatives)).findFirst();
  }
}
