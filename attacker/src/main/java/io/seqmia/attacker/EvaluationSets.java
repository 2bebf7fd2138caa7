package io.seqmia.attacker;

import io.seqmia.attacker.report.AttackScores;
import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation part of one attack run (the target's vectors with {@code attackerKnows = false} and a known member
 * flag) cut into its negatives sets once, and every attack's scores turned into one {@link AttackResult} per set:
 * {@value AttackRunner#NEGATIVES_ALL}, {@value AttackRunner#NEGATIVES_ORIGINAL},
 * {@value AttackRunner#NEGATIVES_AUGMENTED} and, where the target's vocabulary is known,
 * {@value AttackRunner#NEGATIVES_IN_VOCABULARY}. Every interval comes from the bootstrap clustered by session.
 */
final class EvaluationSets {

  private final List<ScoreVector> vectors;
  private final List<Integer> eval;
  private final long seed;
  private final List<Integer> members = new ArrayList<>();
  private final List<Integer> allNeg = new ArrayList<>();
  private final List<Integer> originalNeg = new ArrayList<>();
  private final List<Integer> augmentedNeg = new ArrayList<>();
  private final List<Integer> knownMembers = new ArrayList<>();
  private final List<Integer> knownOriginalNeg = new ArrayList<>();

  /**
   * @param eval indices into {@code vectors} of the evaluation part
   * @param known per vector, whether the target saw every scored item (null: no in-vocabulary rows)
   */
  EvaluationSets(List<ScoreVector> vectors, List<Integer> eval, boolean[] known, long seed) {
    this.vectors = vectors;
    this.eval = eval;
    this.seed = seed;
    for (int i : eval) {
      ScoreVector v = vectors.get(i);
      boolean original = v.getVariant() != SequenceVariant.AUGMENTED;
      if (v.getMember()) {
        members.add(i);
      } else {
        allNeg.add(i);
        (original ? originalNeg : augmentedNeg).add(i);
      }
      if (known != null && known[i] && (v.getMember() || original)) {
        (v.getMember() ? knownMembers : knownOriginalNeg).add(i);
      }
    }
    if (members.isEmpty() || allNeg.isEmpty()) {
      throw new IllegalArgumentException("the evaluation part (attackerKnows = false, member known) needs members"
          + " and non-members, got " + members.size() + " members and " + allNeg.size() + " non-members");
    }
  }

  /** One result per negatives set; members are every evaluated member (in-vocabulary: those in vocabulary). */
  List<AttackResult> results(String name, String mode, double[] scores, double threshold, Map<String, Double> extra) {
    List<AttackResult> out = new ArrayList<>();
    out.add(result(name, mode, AttackRunner.NEGATIVES_ALL, scores, threshold, members, allNeg, extra));
    if (!originalNeg.isEmpty()) {
      out.add(result(name, mode, AttackRunner.NEGATIVES_ORIGINAL, scores, threshold, members, originalNeg, extra));
    }
    if (!augmentedNeg.isEmpty()) {
      out.add(result(name, mode, AttackRunner.NEGATIVES_AUGMENTED, scores, threshold, members, augmentedNeg, extra));
    }
    if (!knownMembers.isEmpty() && !knownOriginalNeg.isEmpty()) {
      out.add(result(name, mode, AttackRunner.NEGATIVES_IN_VOCABULARY, scores, threshold, knownMembers,
          knownOriginalNeg, extra));
    }
    return out;
  }

  /** Every evaluated sequence's score under one attack, for attack-scores.csv and the plots. */
  AttackScores scores(String name, String mode, double[] scores) {
    List<AttackScores.Row> rows = new ArrayList<>(eval.size());
    for (int i : eval) {
      ScoreVector v = vectors.get(i);
      String variant = v.getVariant() == null ? SequenceVariant.ORIGINAL.name() : v.getVariant().name();
      rows.add(new AttackScores.Row(v.getSequenceId(), variant, v.getMember(), scores[i]));
    }
    return new AttackScores(name, mode, rows);
  }

  private AttackResult result(String name, String mode, String negatives, double[] scores, double threshold,
      List<Integer> members, List<Integer> nonMembers, Map<String, Double> extra) {
    int n = members.size() + nonMembers.size();
    double[] s = new double[n];
    boolean[] y = new boolean[n];
    int[] cluster = new int[n];
    Map<String, Integer> clusterOf = new HashMap<>(); // a variant's cluster is its parent session's
    int k = 0;
    for (int i : members) {
      cluster[k] = clusterOf.computeIfAbsent(session(vectors.get(i)), id -> clusterOf.size());
      s[k] = scores[i];
      y[k++] = true;
    }
    for (int i : nonMembers) {
      cluster[k] = clusterOf.computeIfAbsent(session(vectors.get(i)), id -> clusterOf.size());
      s[k++] = scores[i];
    }
    AttackMetrics m = Metrics.evaluate(s, y, threshold);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(AttackRunner.SINGLE_POINT_AUC, m.singlePointAuc());
    metrics.put(AttackRunner.BALANCED_ACCURACY, m.singlePointAuc());
    metrics.put(AttackRunner.TPR_AT_1_FPR, m.tprAt1Fpr());
    metrics.put(AttackRunner.TPR_AT_01_FPR, m.tprAt01Fpr());
    metrics.put(AttackRunner.THRESHOLD, m.threshold());
    ClusterBootstrap.Intervals ci =
        ClusterBootstrap.intervals(s, y, cluster, AttackRunner.BOOTSTRAP_RESAMPLES, AttackRunner.BOOTSTRAP_LEVEL, seed);
    metrics.put(AttackRunner.AUC_CI_LOW, ci.auc()[0]);
    metrics.put(AttackRunner.AUC_CI_HIGH, ci.auc()[1]);
    metrics.put(AttackRunner.TPR_AT_1_FPR_CI_LOW, ci.tprAt1Fpr()[0]);
    metrics.put(AttackRunner.TPR_AT_1_FPR_CI_HIGH, ci.tprAt1Fpr()[1]);
    metrics.put(AttackRunner.TPR_AT_01_FPR_CI_LOW, ci.tprAt01Fpr()[0]);
    metrics.put(AttackRunner.TPR_AT_01_FPR_CI_HIGH, ci.tprAt01Fpr()[1]);
    metrics.put(AttackRunner.BOOTSTRAP_CLUSTERS, (double) ci.clusters());
    metrics.putAll(extra);
    return AttackResult.newBuilder()
        .setName(name).setMode(mode).setNegatives(negatives)
        .setAuc(m.auc()).setAccuracy(m.accuracy()).setPrecision(m.precision()).setRecall(m.recall()).setF1(m.f1())
        .setMembers(m.members()).setNonMembers(m.nonMembers())
        .setMetrics(new HashMap<>(metrics))
        .build();
  }

  /** The session a vector's sequence comes from: its parent's for an augmented variant, else its own. */
  private static String session(ScoreVector v) {
    return v.getParentSequenceId() != null ? v.getParentSequenceId() : v.getSequenceId();
  }
}
