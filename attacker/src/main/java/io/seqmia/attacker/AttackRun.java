package io.seqmia.attacker;

import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ScoreVector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of {@link AttackRunner#run}: every attack's metrics, each vector's member probability,
 * and the trained attack model, kept open to give verdicts on later vectors. Close it to free the model.
 */
public final class AttackRun implements AutoCloseable {

  private final List<AttackResult> results;
  private final Map<String, Double> memberProbabilities;
  private final Set<String> usedForTraining;
  private final String targetModelVersion;
  private final String attackModelVersion;
  private final MlpAttack model;
  private final FeatureMatrix features;
  private final ReportArtefacts artefacts;
  private final List<String> skipped;

  AttackRun(List<AttackResult> results, Map<String, Double> memberProbabilities, Set<String> usedForTraining,
      String targetModelVersion, String attackModelVersion, MlpAttack model, FeatureMatrix features,
      ReportArtefacts artefacts, List<String> skipped) {
    this.artefacts = artefacts;
    this.skipped = List.copyOf(skipped);
    this.results = List.copyOf(results);
    this.memberProbabilities = Map.copyOf(memberProbabilities);
    this.usedForTraining = Set.copyOf(usedForTraining);
    this.targetModelVersion = targetModelVersion;
    this.attackModelVersion = attackModelVersion;
    this.model = model;
    this.features = features;
  }

  /**
   * A run that only gives live verdicts: a saved attack model loaded back ({@link AttackCheckpoint#load}).
   * It has no results, no artefacts, nothing skipped, no per-sequence probabilities and an empty
   * {@link #usedForTraining()} (every vector it trained on got its verdict before the model was saved).
   */
  static AttackRun forLiveVerdicts(MlpAttack model, FeatureMatrix features, String targetModelVersion,
      String attackModelVersion) {
    return new AttackRun(List.of(), Map.of(), Set.of(), targetModelVersion, attackModelVersion, model, features,
        null, List.of());
  }

  /** Saves the labelled-mode MLP into {@code dir}; see {@link AttackCheckpoint#save}. */
  public void save(java.nio.file.Path dir) {
    AttackCheckpoint.save(this, dir);
  }

  /** The labelled-mode MLP saved in {@code dir}, for live verdicts; see {@link AttackCheckpoint#load}. */
  public static AttackRun load(java.nio.file.Path dir) {
    return AttackCheckpoint.load(dir);
  }

  MlpAttack model() {
    return model;
  }

  FeatureMatrix features() {
    return features;
  }

  /** Per attack and negatives set, in order: seqmia-mlp (all, original, augmented), loss-threshold (...). */
  public List<AttackResult> results() {
    return results;
  }

  /**
   * Per-sequence scores of every attack and the evaluated feature rows, for the report's files and plots;
   * null for a run loaded from a saved model.
   */
  public ReportArtefacts artefacts() {
    return artefacts;
  }

  /** Attacks that could not run, each with the reason (e.g. no shadow vectors). */
  public List<String> skipped() {
    return skipped;
  }

  public Optional<AttackResult> result(String attackName, String mode, String negatives) {
    return results.stream()
        .filter(r -> r.getName().equals(attackName) && r.getMode().equals(mode) && r.getNegatives().equals(negatives))
        .findFirst();
  }

  /** The first result of that attack and negatives set (seqmia-mlp: its labelled mode). */
  public Optional<AttackResult> result(String attackName, String negatives) {
    return results.stream()
        .filter(r -> r.getName().toString().equals(attackName) && r.getNegatives().toString().equals(negatives))
        .findFirst();
  }

  /** The MLP's member probability for every vector given to the run, by sequence id. */
  public Map<String, Double> memberProbabilities() {
    return memberProbabilities;
  }

  /** Sequence ids whose labels the MLP saw (its balanced training set, validation fold included). */
  public Set<String> usedForTraining() {
    return usedForTraining;
  }

  public String targetModelVersion() {
    return targetModelVersion;
  }

  public String attackModelVersion() {
    return attackModelVersion;
  }

  /** The MLP's member probability for a vector that arrived after the run (live verdicts). */
  public double predict(ScoreVector vector) {
    return model.predict(new float[][] {features.row(vector)})[0];
  }

  /**
   * Each held vector's member probability, in order: the sample's as the attack computed them, the others from one
   * forward pass over their rows in {@code columns}' order; null where the features are unusable.
   */
  Double[] probabilities(List<HeldVectors.Held> batch, FeatureMatrix columns) {
    Double[] probability = new Double[batch.size()];
    List<Integer> unknown = new java.util.ArrayList<>();
    List<float[]> rows = new java.util.ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      HeldVectors.Held h = batch.get(i);
      probability[i] = memberProbabilities().get(h.sequenceId());
      if (probability[i] == null && h.row() != null && columns != null) {
        unknown.add(i);
        rows.add(h.row());
      }
    }
    double[] predicted = rows.isEmpty() ? new double[0] : predict(columns, rows);
    for (int k = 0; k < predicted.length; k++) {
      probability[unknown.get(k)] = predicted[k];
    }
    return probability;
  }

  /**
   * The MLP's member probabilities for rows in {@code columns}' order, in one forward pass (a pass per row costs
   * DJL's fixed overhead per verdict).
   */
  double[] predict(FeatureMatrix columns, List<float[]> rows) {
    int[] from = null; // from[j]: the column of columns that holds this run's feature j
    if (!columns.names().equals(features.names())) {
      Map<String, Integer> at = new java.util.HashMap<>();
      for (int j = 0; j < columns.names().size(); j++) {
        at.put(columns.names().get(j), j);
      }
      from = new int[features.names().size()];
      for (int j = 0; j < from.length; j++) {
        Integer k = at.get(features.names().get(j));
        if (k == null) {
          throw new IllegalArgumentException("the vector lacks the feature '" + features.names().get(j) + "'");
        }
        from[j] = k;
      }
    }
    float[][] x = new float[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      float[] row = rows.get(i);
      if (from == null) {
        x[i] = row;
      } else {
        x[i] = new float[from.length];
        for (int j = 0; j < from.length; j++) {
          x[i][j] = row[from[j]];
        }
      }
    }
    return model.predict(x);
  }

  @Override
  public void close() {
    model.close();
  }
}
