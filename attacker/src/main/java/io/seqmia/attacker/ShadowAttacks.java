package io.seqmia.attacker;

import io.seqmia.attacker.baseline.BiasedMia;
import io.seqmia.attacker.baseline.BiasedMiaFeature;
import io.seqmia.attacker.baseline.DlMia;
import io.seqmia.attacker.baseline.ItemEmbeddings;
import io.seqmia.schemas.ScoreVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attacks that learn from the shadow model only (no target label): seqmia-mlp in shadow mode (Shokri et
 * al.), Biased-MIA (Zhang et al. 2021) and DL-MIA (Wang et al. 2022). Each trains on the shadow model's
 * vectors, labelled by membership in the shadow's training set, and scores the evaluated target vectors.
 *
 * <p>Biased-MIA's item vectors come from a matrix factorisation of a slice disjoint from both the attack's
 * training data and the evaluated sequences: the histories of the target-side sequences the attacker holds
 * ({@code attackerKnows}; their labels are not used). Factorising the shadow sequences themselves would put
 * the attack's training features in-sample and the evaluated ones out-of-sample: measured on synthetic data,
 * that made the attack learn the factorisation's memory of its own training sessions (AUC 0.80 on them,
 * 0.52 on the target). See docs/BASELINES.md.
 */
final class ShadowAttacks {

  private static final Logger LOG = LoggerFactory.getLogger(ShadowAttacks.class);
  /** Mixed into the seed so the shadow-mode MLP does not replay the labelled one's draws. */
  private static final long SHADOW_SALT = 0x5AD0_0001L;

  /** One attack's member scores, aligned with the run's vectors (only evaluated indices are set). */
  record Outcome(String name, double[] scores, double threshold, Map<String, Double> extra) {}

  private final double threshold;
  private final MlpAttack.Config mlpConfig;
  private final long seed;

  ShadowAttacks(double threshold, MlpAttack.Config mlpConfig, long seed) {
    this.threshold = threshold;
    this.mlpConfig = mlpConfig;
    this.seed = seed;
  }

  /** Runs what can run; each attack that cannot is added to {@code skipped} with its reason. */
  List<Outcome> run(FeatureMatrix features, float[][] x, List<ScoreVector> vectors, List<Integer> eval,
      List<ScoreVector> shadowVectors, List<String> skipped) {
    List<ScoreVector> labelled = new ArrayList<>();
    for (ScoreVector v : shadowVectors == null ? List.<ScoreVector>of() : shadowVectors) {
      if (v.getMember() != null) {
        labelled.add(v);
      }
    }
    boolean[] y = new boolean[labelled.size()];
    int members = 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = labelled.get(i).getMember();
      members += y[i] ? 1 : 0;
    }
    List<Outcome> out = new ArrayList<>();
    if (members < MlpAttack.MIN_PER_CLASS || y.length - members < MlpAttack.MIN_PER_CLASS) {
      String reason = "needs the shadow model's vectors with at least " + MlpAttack.MIN_PER_CLASS
          + " members and non-members, got " + members + " and " + (y.length - members);
      for (String name : List.of(AttackRunner.MLP + " (shadow)", AttackRunner.BIASED_MIA, AttackRunner.DL_MIA)) {
        skipped.add(name + ": " + reason);
      }
      LOG.warn("attacker: shadow-mode attacks skipped: {}", reason);
      return out;
    }
    float[][] evalX = new float[eval.size()][];
    for (int k = 0; k < eval.size(); k++) {
      evalX[k] = x[eval.get(k)];
    }
    try (MlpAttack mlp = MlpAttack.train(features.rows(labelled), y, seed ^ SHADOW_SALT, mlpConfig)) {
      out.add(new Outcome(AttackRunner.MLP, spread(mlp.predict(evalX), eval, vectors.size()), threshold,
          Map.of("trainingExamples", (double) mlp.usedIndices().length, "epochs", (double) mlp.epochs(),
              "validationLoss", mlp.bestValidationLoss())));
    } catch (RuntimeException e) {
      skip(skipped, AttackRunner.MLP + " (shadow)", e);
    }
    baselines(vectors, eval, labelled, y, shadowVectors, skipped, out);
    return out;
  }

  private void baselines(List<ScoreVector> vectors, List<Integer> eval, List<ScoreVector> labelled, boolean[] y,
      List<ScoreVector> shadowVectors, List<String> skipped, List<Outcome> out) {
    List<List<String>> sideHistories = new ArrayList<>();
    for (ScoreVector v : vectors) {
      if (v.getAttackerKnows() && !v.getItems().isEmpty()) {
        sideHistories.add(v.getItems());
      }
    }
    boolean shadowHasItems = labelled.stream().anyMatch(v -> !v.getItems().isEmpty());
    // Since ScoreVector v3 recommendations are vocabulary indices; the caller resolves them (Vocabularies).
    String unmapped = vectors.stream().filter(ShadowAttacks::unmapped).findFirst()
        .or(() -> labelled.stream().filter(ShadowAttacks::unmapped).findFirst())
        .map(ScoreVector::getModelVersion).orElse(null);
    if (unmapped != null) {
      String reason = "the recommendations of model " + unmapped + " are vocabulary indices and its VOCABULARY"
          + " mapping was not read";
      skipped.add(AttackRunner.BIASED_MIA + ": " + reason);
      skipped.add(AttackRunner.DL_MIA + ": " + reason);
      return;
    }
    if (sideHistories.isEmpty() || !shadowHasItems) {
      String reason = "the score vectors carry no items (written before ScoreVector.items existed), or no"
          + " target-side sequence is held by the attacker (attackerKnows) to fit the item vectors on";
      skipped.add(AttackRunner.BIASED_MIA + ": " + reason);
      skipped.add(AttackRunner.DL_MIA + ": " + reason);
      return;
    }
    ItemEmbeddings embeddings;
    try {
      embeddings = ItemEmbeddings.fit(sideHistories, AttackRunner.BASELINE_DIMENSION, seed);
    } catch (RuntimeException e) {
      skip(skipped, AttackRunner.BIASED_MIA, e);
      skip(skipped, AttackRunner.DL_MIA, e);
      return;
    }
    List<List<String>> trainHistories = new ArrayList<>();
    List<List<String>> trainTop = new ArrayList<>();
    for (ScoreVector v : labelled) {
      trainHistories.add(v.getItems());
      trainTop.add(v.getTopItems());
    }
    List<List<String>> evalHistories = new ArrayList<>();
    List<List<String>> evalTop = new ArrayList<>();
    for (int i : eval) {
      evalHistories.add(vectors.get(i).getItems());
      evalTop.add(vectors.get(i).getTopItems());
    }
    try (BiasedMia biased = BiasedMia.train(trainHistories, trainTop, y, embeddings, seed)) {
      out.add(new Outcome(AttackRunner.BIASED_MIA,
          spread(biased.predict(evalHistories, evalTop), eval, vectors.size()), 0.5, Map.of()));
    } catch (RuntimeException e) {
      skip(skipped, AttackRunner.BIASED_MIA, e);
    }
    // As in DL-MIA's reference code, the target's difference vectors join training unlabelled: the weight
    // estimator debiases the shadow towards them. No target label is read.
    float[][] evalDifferences = differences(evalHistories, evalTop, embeddings);
    try (DlMia dl = DlMia.train(differences(trainHistories, trainTop, embeddings), y, evalDifferences, seed,
        DlMia.Config.defaults())) {
      out.add(new Outcome(AttackRunner.DL_MIA, spread(dl.predict(evalDifferences), eval, vectors.size()), 0.5,
          Map.of("epochs", (double) dl.epochs())));
    } catch (RuntimeException e) {
      skip(skipped, AttackRunner.DL_MIA, e);
    }
  }

  private static boolean unmapped(ScoreVector v) {
    return v.getTopItems().isEmpty() && !v.getTopItemIndices().isEmpty();
  }

  private static float[][] differences(List<List<String>> histories, List<List<String>> top, ItemEmbeddings e) {
    float[][] out = new float[histories.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = BiasedMiaFeature.of(histories.get(i), top.get(i), e);
    }
    return out;
  }

  private static double[] spread(double[] evalScores, List<Integer> eval, int n) {
    double[] all = new double[n];
    Arrays.fill(all, Double.NaN);
    for (int k = 0; k < eval.size(); k++) {
      all[eval.get(k)] = evalScores[k];
    }
    return all;
  }

  private static void skip(List<String> skipped, String name, RuntimeException e) {
    skipped.add(name + ": " + e.getMessage());
    LOG.error("attacker: {} could not run: {}", name, e.toString());
  }
}
