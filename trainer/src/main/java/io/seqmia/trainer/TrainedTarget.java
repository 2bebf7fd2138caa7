package io.seqmia.trainer;

import ai.djl.Device;
import ai.djl.Model;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.trainer.model.SequenceRecommender;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A trained target model: its training record and the scoring of sequences into {@link ScoreVector}s. */
public final class TrainedTarget implements AutoCloseable {

  private final Model model;
  private final SequenceRecommender block;
  private final Vocabulary vocabulary;
  private final TargetModelConfig config;
  private final String modelVersion;
  private final TrainingHistory history;
  private final TargetInference inference;
  private final List<String> featureNames;
  /** The member sample the model trained on, or null: it trained on every member of its side. */
  private MemberSampler.Bound sample;

  TrainedTarget(Model model, SequenceRecommender block, Vocabulary vocabulary, SequenceEncoder encoder,
      TargetModelConfig config, String modelVersion, TrainingHistory history) {
    this.model = model;
    this.block = block;
    this.vocabulary = vocabulary;
    this.config = config;
    this.modelVersion = modelVersion;
    this.history = history;
    this.inference = new TargetInference(model, block, encoder);
    this.featureNames = FeatureLayout.names(config.maxLength());
  }

  /**
   * Restores a model saved by {@link #save(Path)} onto the device {@link DeviceSelector#select()} picks. Its
   * score vectors equal those of the saved model (same version, parameters and vocabulary).
   */
  public static TrainedTarget load(Path dir) {
    return load(dir, DeviceSelector.select());
  }

  public static TrainedTarget load(Path dir, Device device) {
    return TargetCheckpoint.load(dir, device);
  }

  /** Whether {@code dir} holds a complete checkpoint (its manifest is written last). */
  public static boolean isCheckpoint(Path dir) {
    return java.nio.file.Files.isRegularFile(dir.resolve(TargetCheckpoint.MANIFEST));
  }

  /**
   * Writes the checkpoint to {@code dir} (created if needed; files already there are replaced): the
   * parameters, the vocabulary, the configuration, the model version and the training record. See
   * docs/TRAINER.md for the layout.
   */
  public void save(Path dir) {
    TargetCheckpoint.save(this, dir);
  }

  /** Records that the model trained on a member sample only (null: on every member). */
  void sample(MemberSampler.Bound bound) {
    this.sample = bound;
  }

  MemberSampler.Bound sample() {
    return sample;
  }

  /**
   * Whether a member sequence of the model's side is in what it trained on: always without a sample; with one,
   * only the sampled members. A member left out of the sample is no training data: its vector says member = null
   * (no ground truth: a verdict, never a label), so the attack's members stay exactly what the model trained on.
   */
  public boolean trainedOn(String sequenceId) {
    return sample == null || sample.contains(sequenceId);
  }

  SequenceRecommender block() {
    return block;
  }

  TrainingHistory history() {
    return history;
  }

  public List<Double> trainLossPerEpoch() {
    return history.trainLosses();
  }

  public List<Double> heldOutLossPerEpoch() {
    return history.heldOutLosses();
  }

  /** Loss on the early-stopping validation slice of the members per epoch; empty without early stopping. */
  public List<Double> validationLossPerEpoch() {
    return history.validationLosses();
  }

  public double finalTrainLoss() {
    List<Double> l = history.trainLosses();
    return l.isEmpty() ? Double.NaN : l.get(l.size() - 1);
  }

  public double finalHeldOutLoss() {
    List<Double> l = history.heldOutLosses();
    return l.isEmpty() ? Double.NaN : l.get(l.size() - 1);
  }

  /** Epochs completed (fewer than configured if training was stopped, early stopping included). */
  public int epochs() {
    return history.trainLosses().size();
  }

  /** The epoch whose parameters the model holds: the best validation epoch with early stopping, else the last. */
  public int bestEpoch() {
    return history.bestEpoch();
  }

  /** Wall-clock seconds of the whole training, held-out evaluation included. */
  public double trainSeconds() {
    return history.trainSeconds();
  }

  /** Training throughput: predicted positions per second of optimisation. */
  public double tokensPerSecond() {
    return history.tokensPerSecond();
  }

  public String modelVersion() {
    return modelVersion;
  }

  /** The name of the preset the model was trained with ("overfit", "regular", "default" or "custom"). */
  public String preset() {
    return config.preset();
  }

  /** The DJL device the model lives on, e.g. "cpu()" or "gpu(0)". */
  public String device() {
    return model.getNDManager().getDevice().toString();
  }

  /** Next-item Recall@20, NDCG@20, MRR@20 and NLL over the sequences, batched (see {@link Utility}). */
  public Utility utility(List<ClickSequence> sequences) {
    return inference.utility(sequences);
  }

  public TargetModelConfig config() {
    return config;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public List<String> featureNames() {
    return featureNames;
  }

  /** Mean NLL of the true next item per position, in inference mode; NaN for no sequences. */
  public double meanNll(List<ClickSequence> sequences) {
    return inference.meanNll(sequences);
  }

  /** {mean NLL over all positions, mean of the sequences' mean NLLs} in one pass (see {@link TargetInference}). */
  public double[] meanNlls(List<ClickSequence> sequences) {
    return inference.meanNlls(sequences);
  }

  /** One score vector per sequence, in the given order, in layout {@value FeatureLayout#NAME}. */
  public List<ScoreVector> score(List<ClickSequence> sequences, ModelRole modelRole) {
    for (ClickSequence s : sequences) {
      if (s.getItemIds().isEmpty()) {
        throw new IllegalArgumentException("cannot score sequence " + s.getSequenceId() + ": it has no items");
      }
    }
    List<SequenceOutputs> outputs =
        inference.outputs(sequences, FeatureLayout.TOP_ITEMS + Vocabulary.SPECIAL_TOKENS);
    Instant now = Instant.now();
    List<ScoreVector> vectors = new ArrayList<>(sequences.size());
    for (int i = 0; i < sequences.size(); i++) {
      ClickSequence s = sequences.get(i);
      SequenceOutputs o = outputs.get(i);
      MembershipSplit split = s.getSplit();
      vectors.add(ModelRoles.withRole(ScoreVector.newBuilder(), modelRole)
          .setSequenceId(s.getSequenceId())
          .setModelVersion(modelVersion)
          .setFeatureLayout(FeatureLayout.NAME)
          .setFeatureNames(List.of()) // since ScoreVector v3: from the layout registry (FeatureLayouts)
          .setFeatures(features(o))
          .setTopItems(List.of())
          .setTopItemIndices(topItemIndices(o))
          .setItems(scoredItems(s))
          .setVariant(s.getVariant())
          .setParentSequenceId(s.getParentSequenceId())
          .setSplit(split)
          .setMember(modelRole == ModelRole.TARGET ? member(s, MembershipSplit.TARGET_MEMBER) : null)
          .setAttackerKnows(s.getAttackerKnows())
          .setScoredAt(now)
          .setSequenceTime(null)
          .build());
    }
    return vectors;
  }

  /** True for a member it trained on, false for a non-member, null for a member left out of the sample. */
  Boolean member(ClickSequence s, MembershipSplit memberSplit) {
    if (s.getSplit() != memberSplit) {
      return Boolean.FALSE;
    }
    return trainedOn(s.getSequenceId()) ? Boolean.TRUE : null;
  }

  private List<Float> features(SequenceOutputs o) {
    int n = o.positions();
    double nllSum = 0;
    double nllSquares = 0;
    double nllMin = Double.POSITIVE_INFINITY;
    double nllMax = Double.NEGATIVE_INFINITY;
    double logRankSum = 0;
    double entropySum = 0;
    int hitsAt1 = 0;
    int hitsAtCutoff = 0;
    for (int i = 0; i < n; i++) {
      double nll = -o.logProbabilities()[i];
      nllSum += nll;
      nllSquares += nll * nll;
      nllMin = Math.min(nllMin, nll);
      nllMax = Math.max(nllMax, nll);
      logRankSum += Math.log1p(o.ranks()[i]);
      entropySum += o.entropies()[i];
      hitsAt1 += o.ranks()[i] == 0 ? 1 : 0;
      hitsAtCutoff += o.ranks()[i] < FeatureLayout.HIT_CUTOFF ? 1 : 0;
    }
    double nllMean = nllSum / n;
    List<Float> f = new ArrayList<>(featureNames.size());
    f.add((float) nllMean);
    f.add((float) nllMin);
    f.add((float) nllMax);
    f.add((float) Math.sqrt(Math.max(0, nllSquares / n - nllMean * nllMean)));
    f.add(-o.logProbabilities()[n - 1]);
    f.add((float) (logRankSum / n));
    f.add((float) hitsAt1 / n);
    f.add((float) hitsAtCutoff / n);
    f.add((float) (n - 1));
    f.add(o.entropies()[n - 1]);
    f.add((float) (entropySum / n));
    for (int k = 0; k < FeatureLayout.TOP_PROBABILITIES; k++) {
      f.add(k < o.lastTopProbabilities().length ? o.lastTopProbabilities()[k] : 0f);
    }
    for (int i = 0; i < FeatureLayout.positions(config.maxLength()); i++) {
      boolean real = i < n;
      f.add(real ? o.logProbabilities()[i] : 0f);
      f.add(real ? (float) Math.log1p(o.ranks()[i]) : 0f);
      f.add(real ? 1f : 0f);
    }
    return Collections.unmodifiableList(f);
  }

  /** The top recommendations as vocabulary indices (mapping: {@link #vocabulary()}, published by VOCABULARY). */
  private static List<Integer> topItemIndices(SequenceOutputs o) {
    List<Integer> items = new ArrayList<>(FeatureLayout.TOP_ITEMS);
    for (int index : o.lastTopIndices()) {
      if (!Vocabulary.isSpecial(index) && items.size() < FeatureLayout.TOP_ITEMS) {
        items.add(index);
      }
    }
    return items;
  }

  /** The items the model scored: the last {@code maxLength} (a vector's size does not grow with the session). */
  private List<String> scoredItems(ClickSequence s) {
    List<String> ids = s.getItemIds();
    return new ArrayList<>(ids.subList(Math.max(0, ids.size() - config.maxLength()), ids.size()));
  }

  /** The item ids of {@code topItemIndices}, best first. */
  public List<String> itemIds(List<Integer> indices) {
    List<String> out = new ArrayList<>(indices.size());
    for (int index : indices) {
      out.add(vocabulary.itemAt(index));
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
