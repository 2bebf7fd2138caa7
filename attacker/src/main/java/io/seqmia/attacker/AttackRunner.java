package io.seqmia.attacker;

import io.seqmia.attacker.report.AttackScores;
import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ScoreVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Phase 5 without Kafka: split the target's score vectors into the attacker's labelled part
 * ({@code attackerKnows && member != null}) and the evaluation part ({@code !attackerKnows && member != null}),
 * train the MLP on the first, and score every attack on the second against three negative sets.
 */
public final class AttackRunner {

  public static final String MLP = "seqmia-mlp";
  public static final String MLP_MODE = "labelled";
  /** Attack modes: trained on the shadow model's vectors only, no target label used (Shokri et al.). */
  public static final String SHADOW_MODE = "shadow";
  public static final String BIASED_MIA = "biased-mia";
  public static final String DL_MIA = "dl-mia";
  /** Item-vector dimension of the Biased-MIA / DL-MIA feature (the paper's MLP is 100-32-8-2). */
  public static final int BASELINE_DIMENSION = 100;
  /**
   * Keys of {@link AttackResult#getMetrics()}: the 95% intervals of the AUC and of the TPR at 1 % and 0.1 % FPR,
   * from the bootstrap clustered by parent session ({@link ClusterBootstrap}), and how many clusters it drew from.
   */
  public static final String AUC_CI_LOW = "aucCiLow";
  public static final String AUC_CI_HIGH = "aucCiHigh";
  public static final String TPR_AT_1_FPR_CI_LOW = "tprAt1FprCiLow";
  public static final String TPR_AT_1_FPR_CI_HIGH = "tprAt1FprCiHigh";
  public static final String TPR_AT_01_FPR_CI_LOW = "tprAt01FprCiLow";
  public static final String TPR_AT_01_FPR_CI_HIGH = "tprAt01FprCiHigh";
  public static final String BOOTSTRAP_CLUSTERS = "bootstrapClusters";
  /** Key: (TPR + TNR) / 2 at the threshold, the same number as {@link #SINGLE_POINT_AUC}, under its usual name. */
  public static final String BALANCED_ACCURACY = "balancedAccuracy";
  public static final int BOOTSTRAP_RESAMPLES = Metrics.BOOTSTRAP_RESAMPLES;
  public static final double BOOTSTRAP_LEVEL = Metrics.CI_LEVEL;
  public static final String LOSS_THRESHOLD = "loss-threshold";
  public static final String LOSS_THRESHOLD_MODE = "none";
  /** Negative sets: every evaluated non-member, only originals, only augmented variants. */
  public static final String NEGATIVES_ALL = "all";
  public static final String NEGATIVES_ORIGINAL = "original";
  public static final String NEGATIVES_AUGMENTED = "augmented";
  /** Members and original non-members with no scored item the target never saw. */
  public static final String NEGATIVES_IN_VOCABULARY = "in-vocabulary";
  /** Keys of {@link AttackResult#getMetrics()}. */
  public static final String SINGLE_POINT_AUC = "singlePointAuc";
  public static final String TPR_AT_1_FPR = "tprAt1Fpr";
  public static final String TPR_AT_01_FPR = "tprAt01Fpr";
  public static final String THRESHOLD = "threshold";
  /** The trainer's mean training loss, in MODEL_TRAINED's metrics; Yeom's threshold when present. */
  public static final String TRAIN_LOSS = "trainLoss";
  public static final double DEFAULT_THRESHOLD = 0.5;
  /** Key of the MLP's {@link AttackResult#getMetrics()}: wall time of its training (measured, so not reproducible). */
  public static final String TRAIN_SECONDS = "trainSeconds";
  /** Mixed into the seed for the label shuffle so it does not replay the balancing draw. */
  private static final long SHUFFLE_SALT = 0x5EED_5417L;

  private final double threshold;
  private final MlpAttack.Config mlpConfig;

  public AttackRunner() {
    this(DEFAULT_THRESHOLD, MlpAttack.Config.defaults());
  }

  /** @param threshold member probability at or above which the MLP says "member" */
  public AttackRunner(double threshold, MlpAttack.Config mlpConfig) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    this.threshold = threshold;
    this.mlpConfig = mlpConfig;
  }

  /** Runs every attack; see {@link #run(List, long, boolean, Map)}. */
  public AttackRun run(List<ScoreVector> vectors, long seed, boolean shuffleTrainingLabels) {
    return run(vectors, seed, shuffleTrainingLabels, Map.of());
  }

  /** Results only, the model closed: for experiments that need no live verdicts. */
  public static List<AttackResult> evaluate(List<ScoreVector> vectors, long seed, boolean shuffleTrainingLabels) {
    try (AttackRun run = new AttackRunner().run(vectors, seed, shuffleTrainingLabels)) {
      return run.results();
    }
  }

  /**
   * The control experiment: the MLP's AUC (negatives "all") averaged over {@code repeats} runs on labels
   * drawn independently of membership, seeds {@code seed, seed+1, ...}. One such run has a large spread
   * (a model that learned noise still ranks by a random direction of the features, and when the
   * features separate members well that ranking lands far from 0.5 either way); the mean is about 0.5
   * when nothing leaks from the labels into the features.
   */
  public static double shuffledLabelControlAuc(List<ScoreVector> vectors, long seed, int repeats) {
    if (repeats <= 0) {
      throw new IllegalArgumentException("repeats must be positive, got " + repeats);
    }
    double sum = 0;
    for (int r = 0; r < repeats; r++) {
      try (AttackRun run = new AttackRunner().run(vectors, seed + r, true)) {
        sum += run.result(MLP, NEGATIVES_ALL).orElseThrow().getAuc();
      }
    }
    return sum / repeats;
  }

  /**
   * @param vectors the target model's score vectors of one model version, unique sequence ids
   * @param shuffleTrainingLabels control experiment: train on labels drawn independently of membership
   *     (same counts; see {@link #randomLabels}), so the MLP can learn nothing real; its AUC is 0.5 in
   *     expectation but one run varies widely (see {@link #shuffledLabelControlAuc})
   * @param targetMetrics the trainer's MODEL_TRAINED metrics; its {@value #TRAIN_LOSS} sets the
   *     loss-threshold attack's operating point (else the median evaluated loss)
   */
  public AttackRun run(List<ScoreVector> vectors, long seed, boolean shuffleTrainingLabels,
      Map<String, Double> targetMetrics) {
    return run(vectors, List.of(), seed, shuffleTrainingLabels, targetMetrics);
  }

  /**
   * Every attack on one evaluation set: the target vectors with {@code attackerKnows = false} and a known
   * member flag. seqmia-mlp (labelled) trains on the target's labelled part; seqmia-mlp (shadow), Biased-MIA
   * and DL-MIA train on {@code shadowVectors} only (the shadow model's outputs with membership in the
   * shadow's training set); loss-threshold trains on nothing. An attack that cannot run (e.g. no shadow
   * vectors) is skipped and named in {@link AttackRun#skipped()}.
   *
   * @param shadowVectors the shadow model's score vectors (role shadow, one version); may be empty
   */
  public AttackRun run(List<ScoreVector> vectors, List<ScoreVector> shadowVectors, long seed,
      boolean shuffleTrainingLabels, Map<String, Double> targetMetrics) {
    return run(vectors, shadowVectors, seed, shuffleTrainingLabels, targetMetrics, null);
  }

  /**
   * As above, with the {@value #NEGATIVES_IN_VOCABULARY} rows too: members and original non-members whose every
   * scored item the target saw in training ({@code inVocabulary}, from its VOCABULARY events; null: no such rows).
   * A sequence with an item the target never saw is an easy non-member for a reason that is not membership.
   */
  public AttackRun run(List<ScoreVector> vectors, List<ScoreVector> shadowVectors, long seed,
      boolean shuffleTrainingLabels, Map<String, Double> targetMetrics,
      java.util.function.Predicate<ScoreVector> inVocabulary) {
    if (vectors == null || vectors.isEmpty()) {
      throw new IllegalArgumentException("no score vectors to attack");
    }
    // One canonical order (by sequence id), so the model depends on the set of vectors, not on the order the
    // topic's partitions were read in: the service and `seqmia report` then compute the same attack.
    vectors = sortedById(vectors);
    shadowVectors = shadowVectors == null ? List.of() : sortedById(shadowVectors);
    String targetVersion = checkOneVersionUniqueIds(vectors);
    boolean[] known = null;
    if (inVocabulary != null) {
      known = new boolean[vectors.size()];
      for (int i = 0; i < known.length; i++) {
        known[i] = inVocabulary.test(vectors.get(i));
      }
    }
    FeatureMatrix features = FeatureMatrix.of(vectors.get(0));
    float[][] x = features.rows(vectors);

    List<Integer> train = new ArrayList<>();
    List<Integer> eval = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      ScoreVector v = vectors.get(i);
      if (v.getMember() == null) {
        continue; // no ground truth: gets a verdict, never a label
      }
      (v.getAttackerKnows() ? train : eval).add(i);
    }
    float[][] trainX = new float[train.size()][];
    boolean[] trainY = new boolean[train.size()];
    for (int k = 0; k < train.size(); k++) {
      trainX[k] = x[train.get(k)];
      trainY[k] = vectors.get(train.get(k)).getMember();
    }
    long knownMembers = countTrue(trainY);
    if (knownMembers < MlpAttack.MIN_PER_CLASS || trainY.length - knownMembers < MlpAttack.MIN_PER_CLASS) {
      throw new IllegalArgumentException("the attack trains on vectors with attackerKnows = true and a known member"
          + " flag; it needs at least " + MlpAttack.MIN_PER_CLASS + " labelled members and as many labelled"
          + " non-members, got " + knownMembers + " and " + (trainY.length - knownMembers));
    }
    if (shuffleTrainingLabels) {
      trainY = randomLabels(trainY, new Random(seed ^ SHUFFLE_SALT));
    }
    long trainStarted = System.nanoTime();
    MlpAttack mlp = MlpAttack.train(trainX, trainY, seed, mlpConfig);
    double trainSeconds = (System.nanoTime() - trainStarted) / 1e9;
    try {
      double[] probabilities = mlp.predict(x);
      Map<String, Double> byId = new LinkedHashMap<>();
      for (int i = 0; i < vectors.size(); i++) {
        byId.put(vectors.get(i).getSequenceId().toString(), probabilities[i]);
      }
      Set<String> used = new HashSet<>();
      for (int k : mlp.usedIndices()) {
        used.add(vectors.get(train.get(k)).getSequenceId().toString());
      }

      LossThresholdAttack loss = new LossThresholdAttack(features.nllMeanColumn());
      double[] lossScores = loss.score(x);
      double lossThreshold = lossThreshold(targetMetrics, eval.stream().mapToDouble(i -> lossScores[i]).toArray());

      EvaluationSets sets = new EvaluationSets(vectors, eval, known, seed);
      List<AttackResult> results = new ArrayList<>();
      List<AttackScores> scores = new ArrayList<>();
      Map<String, Double> mlpExtra = Map.of("trainingExamples", (double) mlp.usedIndices().length,
          "epochs", (double) mlp.epochs(), "validationLoss", mlp.bestValidationLoss(), TRAIN_SECONDS, trainSeconds);
      results.addAll(sets.results(MLP, MLP_MODE, probabilities, threshold, mlpExtra));
      scores.add(sets.scores(MLP, MLP_MODE, probabilities));
      List<String> skipped = new ArrayList<>();
      String blackBoxUnusable = shuffleTrainingLabels ? BlackBoxAttack.MODE + ": not in the shuffled-label control"
          : BlackBoxAttack.unusable(vectors);
      if (blackBoxUnusable == null) {
        double[] blackBox = BlackBoxAttack.scores(vectors, train, seed, mlpConfig);
        results.addAll(sets.results(MLP, BlackBoxAttack.MODE, blackBox, threshold, Map.of()));
        scores.add(sets.scores(MLP, BlackBoxAttack.MODE, blackBox));
      } else {
        skipped.add(blackBoxUnusable);
      }
      ShadowAttacks shadowAttacks = new ShadowAttacks(threshold, mlpConfig, seed);
      for (ShadowAttacks.Outcome o : shadowAttacks.run(features, x, vectors, eval, shadowVectors, skipped)) {
        results.addAll(sets.results(o.name(), SHADOW_MODE, o.scores(), o.threshold(), o.extra()));
        scores.add(sets.scores(o.name(), SHADOW_MODE, o.scores()));
      }
      results.addAll(sets.results(LOSS_THRESHOLD, LOSS_THRESHOLD_MODE, lossScores, lossThreshold,
          Map.of("nllThreshold", -lossThreshold)));
      scores.add(sets.scores(LOSS_THRESHOLD, LOSS_THRESHOLD_MODE, lossScores));
      float[][] evalX = new float[eval.size()][];
      boolean[] evalY = new boolean[eval.size()];
      for (int k = 0; k < eval.size(); k++) {
        evalX[k] = x[eval.get(k)];
        evalY[k] = vectors.get(eval.get(k)).getMember();
      }
      String attackVersion = MLP + "/" + targetVersion + "/seed-" + seed + (shuffleTrainingLabels ? "/shuffled" : "");
      return new AttackRun(results, byId, used, targetVersion, attackVersion, mlp, features,
          new ReportArtefacts(scores, features.names(), evalX, evalY), skipped);
    } catch (RuntimeException e) {
      mlp.close();
      throw e;
    }
  }

  /**
   * Yeom et al.'s operating point: the members' mean loss as the trainer measured it. Preferably on the score's
   * own scale ({@link io.seqmia.schemas.ControlAttributes#MEMBER_SEQUENCE_NLL}, the members' per-sequence means
   * averaged); else the training loss (per position, with dropout, from trainers before that metric); else the
   * median evaluated score.
   */
  static double lossThreshold(Map<String, Double> targetMetrics, double[] evaluatedScores) {
    Double sequenceNll = targetMetrics == null ? null
        : targetMetrics.get(io.seqmia.schemas.ControlAttributes.MEMBER_SEQUENCE_NLL);
    if (sequenceNll != null && !sequenceNll.isNaN()) {
      return LossThresholdAttack.thresholdForTrainLoss(sequenceNll);
    }
    Double trainLoss = targetMetrics == null ? null : targetMetrics.get(TRAIN_LOSS);
    return trainLoss != null ? LossThresholdAttack.thresholdForTrainLoss(trainLoss) : median(evaluatedScores);
  }

  private static List<ScoreVector> sortedById(List<ScoreVector> vectors) {
    for (ScoreVector v : vectors) {
      if (v == null) {
        throw new IllegalArgumentException("null score vector in the attack input");
      }
    }
    List<ScoreVector> out = new ArrayList<>(vectors);
    out.sort(java.util.Comparator.comparing(v -> v.getSequenceId().toString()));
    return out;
  }

  private static String checkOneVersionUniqueIds(List<ScoreVector> vectors) {
    Set<String> ids = new HashSet<>();
    String version = null;
    for (ScoreVector v : vectors) {
      if (v == null) {
        throw new IllegalArgumentException("null score vector in the attack input");
      }
      String id = v.getSequenceId().toString();
      if (!ids.add(id)) {
        throw new IllegalArgumentException("sequence id " + id + " appears twice in the attack input");
      }
      String ver = v.getModelVersion().toString();
      if (version == null) {
        version = ver;
      } else if (!version.equals(ver)) {
        throw new IllegalArgumentException("score vectors of two model versions (" + version + ", " + ver
            + ") in one attack run; attack one version at a time");
      }
    }
    return version;
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * Labels drawn independently of the truth with the same counts: within each true class the same
   * share (the overall member share) is labelled "member". A plain permutation would keep a chance
   * correlation with the true labels; this one has none by construction.
   */
  static boolean[] randomLabels(boolean[] truth, Random random) {
    long members = countTrue(truth);
    List<Integer> trueMembers = new ArrayList<>();
    List<Integer> trueNonMembers = new ArrayList<>();
    for (int i = 0; i < truth.length; i++) {
      (truth[i] ? trueMembers : trueNonMembers).add(i);
    }
    int fromMembers = (int) Math.round((double) members * trueMembers.size() / truth.length);
    int fromNonMembers = (int) members - fromMembers;
    java.util.Collections.shuffle(trueMembers, random);
    java.util.Collections.shuffle(trueNonMembers, random);
    boolean[] out = new boolean[truth.length];
    for (int k = 0; k < fromMembers; k++) {
      out[trueMembers.get(k)] = true;
    }
    for (int k = 0; k < fromNonMembers; k++) {
      out[trueNonMembers.get(k)] = true;
    }
    return out;
  }

  private static long countTrue(boolean[] a) {
    long n = 0;
    for (boolean b : a) {
      if (b) n++;
    }
    return n;
  }
}
