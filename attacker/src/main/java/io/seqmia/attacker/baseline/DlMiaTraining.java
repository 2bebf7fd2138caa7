package io.seqmia.attacker.baseline;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.seqmia.attacker.ParameterSnapshot;
import java.util.Random;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL-MIA's training schedule: (1) pretrain the encoder on reconstruction + KL, (2) pretrain the heads on
 * the frozen encoder's latents, (3) alternate blocks of weight-estimator epochs (heads and encoder frozen)
 * and joint epochs (encoder and heads trained on the weighted loss, weights frozen). Each phase has its
 * own trainers, so a frozen part is never stepped and never carries stale Adam state or gradients.
 * Phases 2 and 3 early-stop on the same validation loss (the fused cross-entropy), and the best state of
 * either is what the model keeps.
 */
final class DlMiaTraining {

  /** An improvement smaller than this does not reset the early-stopping patience. */
  static final double MIN_IMPROVEMENT = 1e-4;
  private static final float PSEUDO_LABEL_THRESHOLD = 0.5f;
  /** Cap on a row loss fed to the weight estimator (a cross-entropy of 30 is a probability of 1e-13). */
  static final double MAX_ROW_LOSS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(DlMiaTraining.class);
  private static final String WHAT = "DL-MIA";

  private final DlMia.Config config;
  private final Model encoder;
  private final Model heads;
  private final Model weights;
  private final float[][] fitX;
  private final float[] fitY;
  private final float[][] valX;
  private final float[] valY;
  private final float[][] targetX;
  private final Random random;
  private final SplittableRandom noise;

  DlMiaTraining(DlMia.Config config, Model encoder, Model heads, Model weights, float[][] fitX, float[] fitY,
      float[][] valX, float[] valY, float[][] targetX, Random random) {
    this.config = config;
    this.encoder = encoder;
    this.heads = heads;
    this.weights = weights;
    this.fitX = fitX;
    this.fitY = fitY;
    this.valX = valX;
    this.valY = valY;
    this.targetX = targetX;
    this.random = random;
    this.noise = new SplittableRandom(random.nextLong());
  }

  DlMia.Summary run() {
    int encoderEpochs = pretrainEncoder();
    EarlyStop headPhase = pretrainHeads();
    return alternate(encoderEpochs, headPhase);
  }

  // ---- phase 1: the encoder alone ----

  private int pretrainEncoder() {
    // the encoder is unsupervised, so unlabelled target vectors train it too (the reference pairs them)
    float[][] rows = concat(fitX, targetX);
    EarlyStop stop = new EarlyStop(config.patience());
    byte[] best = null;
    try (Trainer trainer = encoder.newTrainer(trainingConfig())) {
      trainer.initialize(encoderShapes());
      int[] order = identity(rows.length);
      while (stop.epoch < config.encoderEpochs() && !stop.exhausted()) {
        stop.epoch++;
        shuffle(order);
        for (int start = 0; start < order.length; start += config.batchSize()) {
          encoderStep(trainer, rows, order, start, Math.min(order.length, start + config.batchSize()));
        }
        if (stop.offer(DlMiaForward.encoderLoss(encoder, valX, config))) {
          best = ParameterSnapshot.take(encoder.getBlock(), WHAT);
        }
      }
    }
    ParameterSnapshot.restore(encoder, best, WHAT);
    return stop.epoch;
  }

  private void encoderStep(Trainer trainer, float[][] rows, int[] order, int start, int end) {
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDArray x = DlMiaForward.rows(sub, rows, order, start, end);
      NDList input = new NDList(x, invariantNoise(sub, end - start), specificNoise(sub, end - start));
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList encoded = trainer.forward(input);
        collector.backward(DlMiaLosses.encoderLoss(encoded, x, config).mean());
      }
      trainer.step();
    }
  }

  // ---- phase 2: the heads on the frozen encoder ----

  private EarlyStop pretrainHeads() {
    EarlyStop stop = new EarlyStop(config.patience());
    byte[] best = null;
    try (Trainer trainer = heads.newTrainer(trainingConfig())) {
      trainer.initialize(headShapes());
      int[] order = identity(fitX.length);
      while (stop.epoch < config.headEpochs() && !stop.exhausted()) {
        stop.epoch++;
        shuffle(order);
        for (int start = 0; start < order.length; start += config.batchSize()) {
          headStep(trainer, order, start, Math.min(order.length, start + config.batchSize()));
        }
        if (stop.offer(validationLoss())) {
          best = ParameterSnapshot.take(heads.getBlock(), WHAT);
        }
      }
    }
    ParameterSnapshot.restore(heads, best, WHAT);
    return stop;
  }

  private void headStep(Trainer trainer, int[] order, int start, int end) {
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDArray x = DlMiaForward.rows(sub, fitX, order, start, end);
      NDArray y = DlMiaForward.column(sub, fitY, order, start, end);
      // the frozen encoder's sampled latents, cut from the graph
      NDList encoded = encoder.getBlock().forward(new ParameterStore(sub, false),
          new NDList(x, invariantNoise(sub, end - start), specificNoise(sub, end - start)), false);
      NDArray zInv = encoded.get(DlMiaEncoder.INVARIANT_SAMPLE).stopGradient();
      NDArray zSpec = encoded.get(DlMiaEncoder.SPECIFIC_SAMPLE).stopGradient();
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList logits = trainer.forward(new NDList(x, zInv, zSpec));
        collector.backward(DlMiaLosses.headsLoss(logits, y, config).mean());
      }
      trainer.step();
    }
  }

  // ---- phase 3: weight estimator and joint training, alternately ----

  private DlMia.Summary alternate(int encoderEpochs, EarlyStop headPhase) {
    EarlyStop stop = new EarlyStop(config.patience());
    stop.best = headPhase.best; // joint training has to beat the pretrained heads to be kept
    byte[] bestEncoder = ParameterSnapshot.take(encoder.getBlock(), WHAT);
    byte[] bestHeads = ParameterSnapshot.take(heads.getBlock(), WHAT);
    int weightEpochs = 0;
    boolean diverged = false;
    try (Trainer encoderTrainer = encoder.newTrainer(trainingConfig());
        Trainer headTrainer = heads.newTrainer(trainingConfig());
        Trainer weightTrainer = weights.newTrainer(trainingConfig())) {
      encoderTrainer.initialize(encoderShapes());
      headTrainer.initialize(headShapes());
      weightTrainer.initialize(new Shape(1, fitX[0].length));
      while (stop.epoch < config.jointEpochs() && !stop.exhausted()) {
        WeightTargets targets = weightTargets();
        for (int e = 0; e < config.alternation(); e++) {
          weightEpochs++;
          weightEpoch(weightTrainer, targets);
        }
        float[] fitWeights = finiteOrOne(DlMiaForward.weights(weights, fitX));
        float[] targetWeights = finiteOrOne(DlMiaForward.weights(weights, targetX));
        for (int e = 0; e < config.alternation() && stop.epoch < config.jointEpochs() && !stop.exhausted(); e++) {
          stop.epoch++;
          jointEpoch(encoderTrainer, headTrainer, fitWeights, targetWeights);
          double loss = validationLoss();
          if (!Double.isFinite(loss)) {
            // a diverged joint phase must not be kept; the best earlier state is restored below
            LOG.warn("DL-MIA joint training diverged at joint epoch {} (validation loss {}); keeping the best"
                + " earlier state", stop.epoch, loss);
            diverged = true;
            break;
          }
          if (stop.offer(loss)) {
            bestEncoder = ParameterSnapshot.take(encoder.getBlock(), WHAT);
            bestHeads = ParameterSnapshot.take(heads.getBlock(), WHAT);
          }
        }
        if (diverged) {
          break;
        }
      }
    }
    ParameterSnapshot.restore(encoder, bestEncoder, WHAT);
    ParameterSnapshot.restore(heads, bestHeads, WHAT);
    double meanWeight = mean(finiteOrOne(DlMiaForward.weights(weights, fitX)));
    return new DlMia.Summary(encoderEpochs, headPhase.epoch, stop.epoch, weightEpochs, stop.best,
        stop.bestEpoch > 0, diverged, meanWeight);
  }

  /** Per-row losses the weight estimator regresses on, for the frozen heads and encoder. */
  private record WeightTargets(float[][] x, float[] biased, float[] debiased) {}

  /**
   * Biased loss = the raw-vector head alone (the difference vector as estimated); debiased loss = the
   * fused heads over the disentangled latents. Shadow rows use their labels; target rows use pseudo
   * labels, the raw head's for the biased and the fused output's for the debiased loss (as the reference).
   */
  private WeightTargets weightTargets() {
    float[][] x = concat(fitX, targetX);
    float[] biased = new float[x.length];
    float[] debiased = new float[x.length];
    fillLosses(fitX, fitY, biased, debiased, 0);
    fillLosses(targetX, null, biased, debiased, fitX.length);
    return new WeightTargets(x, biased, debiased);
  }

  private void fillLosses(float[][] rows, float[] labels, float[] biased, float[] debiased, int offset) {
    if (rows.length == 0) {
      return;
    }
    float[][] logits = DlMiaForward.headLogits(encoder, heads, rows);
    double[] fused = DlMiaForward.fusedProbabilities(logits, config);
    for (int i = 0; i < rows.length; i++) {
      double raw = logits[DlMiaHeads.RAW_HEAD][i];
      double biasedLabel = labels != null ? labels[i] : DlMiaForward.sigmoid(raw) >= PSEUDO_LABEL_THRESHOLD ? 1 : 0;
      double debiasedLabel = labels != null ? labels[i] : fused[i] >= PSEUDO_LABEL_THRESHOLD ? 1 : 0;
      biased[offset + i] = boundedLoss(DlMiaForward.binaryCrossEntropy(raw, biasedLabel));
      debiased[offset + i] = boundedLoss(config.rawHeadWeight() * DlMiaForward.binaryCrossEntropy(raw, debiasedLabel)
          + config.invariantHeadWeight()
              * DlMiaForward.binaryCrossEntropy(logits[DlMiaHeads.INVARIANT_HEAD][i], debiasedLabel)
          + config.specificHeadWeight()
              * DlMiaForward.binaryCrossEntropy(logits[DlMiaHeads.SPECIFIC_HEAD][i], debiasedLabel));
    }
  }

  /** Losses the weight estimator regresses on, kept finite and below {@link #MAX_ROW_LOSS}. */
  private static float boundedLoss(double loss) {
    return Double.isFinite(loss) ? (float) Math.min(loss, MAX_ROW_LOSS) : (float) MAX_ROW_LOSS;
  }

  /** Weights as estimated, a non-finite one (a diverged estimator) replaced by the neutral weight 1. */
  private static float[] finiteOrOne(float[] weights) {
    int bad = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!Float.isFinite(weights[i])) {
        weights[i] = 1f;
        bad++;
      }
    }
    if (bad > 0) {
      LOG.warn("DL-MIA's weight estimator gave {} non-finite weights; they count as 1", bad);
    }
    return weights;
  }

  private void weightEpoch(Trainer trainer, WeightTargets targets) {
    int[] order = identity(targets.x().length);
    shuffle(order);
    for (int start = 0; start < order.length; start += config.batchSize()) {
      int end = Math.min(order.length, start + config.batchSize());
      try (NDManager sub = trainer.getManager().newSubManager()) {
        NDArray x = DlMiaForward.rows(sub, targets.x(), order, start, end);
        NDArray biased = DlMiaForward.column(sub, targets.biased(), order, start, end);
        NDArray debiased = DlMiaForward.column(sub, targets.debiased(), order, start, end);
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray w = trainer.forward(new NDList(x)).singletonOrThrow();
          collector.backward(DlMiaLosses.weightLoss(w, biased, debiased).mean());
        }
        trainer.step();
      }
    }
  }

  /** One pass over the shadow rows, each batch paired with a batch of target rows when there are any. */
  private void jointEpoch(Trainer encoderTrainer, Trainer headTrainer, float[] fitWeights, float[] targetWeights) {
    int[] order = identity(fitX.length);
    shuffle(order);
    int[] targetOrder = identity(targetX.length);
    shuffle(targetOrder);
    int targetCursor = 0;
    for (int start = 0; start < order.length; start += config.batchSize()) {
      int end = Math.min(order.length, start + config.batchSize());
      int n = end - start;
      try (NDManager sub = encoderTrainer.getManager().newSubManager()) {
        NDArray x = DlMiaForward.rows(sub, fitX, order, start, end);
        NDArray y = DlMiaForward.column(sub, fitY, order, start, end);
        NDArray w = normalisedWeights(sub, fitWeights, order, start, end);
        NDList input = new NDList(x, invariantNoise(sub, n), specificNoise(sub, n));
        NDList targetInput = null;
        NDArray targetW = null;
        if (targetX.length > 0) {
          int[] batch = new int[n];
          for (int i = 0; i < n; i++) {
            batch[i] = targetOrder[targetCursor++ % targetOrder.length];
          }
          targetInput = new NDList(DlMiaForward.rows(sub, targetX, batch, 0, n), invariantNoise(sub, n),
              specificNoise(sub, n));
          targetW = normalisedWeights(sub, targetWeights, batch, 0, n);
        }
        try (GradientCollector collector = encoderTrainer.newGradientCollector()) {
          NDArray loss = weightedLoss(encoderTrainer, headTrainer, input, y, w);
          if (targetInput != null) {
            loss = loss.add(weightedLoss(encoderTrainer, headTrainer, targetInput, null, targetW)).mul(0.5f);
          }
          collector.backward(loss);
        }
        encoderTrainer.step();
        headTrainer.step();
      }
    }
  }

  /** mean(w * (encoder loss + heads loss)); without labels the fused output's own decisions are the labels. */
  private NDArray weightedLoss(Trainer encoderTrainer, Trainer headTrainer, NDList input, NDArray labels, NDArray w) {
    NDArray x = input.get(0);
    NDList encoded = encoderTrainer.forward(input);
    NDList logits = headTrainer.forward(new NDList(x, encoded.get(DlMiaEncoder.INVARIANT_SAMPLE),
        encoded.get(DlMiaEncoder.SPECIFIC_SAMPLE)));
    NDArray y = labels != null ? labels
        : DlMiaLosses.fusedProbability(logits, config).stopGradient().gte(PSEUDO_LABEL_THRESHOLD)
            .toType(DataType.FLOAT32, false);
    return w.mul(DlMiaLosses.encoderLoss(encoded, x, config).add(DlMiaLosses.headsLoss(logits, y, config))).mean();
  }

  /** The batch's weights rescaled to mean 1: they shift emphasis between rows, not the learning rate. */
  private static NDArray normalisedWeights(NDManager manager, float[] weights, int[] index, int start, int end) {
    double sum = 0;
    for (int i = start; i < end; i++) {
      sum += weights[index[i]];
    }
    float scale = (float) ((end - start) / sum);
    float[] out = new float[end - start];
    for (int i = start; i < end; i++) {
      out[i - start] = weights[index[i]] * scale;
    }
    return manager.create(out, new Shape(end - start, 1));
  }

  // ---- helpers ----

  private double validationLoss() {
    double[] p = DlMiaForward.fusedProbabilities(DlMiaForward.headLogits(encoder, heads, valX), config);
    return DlMiaLosses.probabilityCrossEntropy(p, valY);
  }

  private DefaultTrainingConfig trainingConfig() {
    // the losses are computed by hand; the trainer's loss is required by DJL but never evaluated
    return new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build());
  }

  private Shape[] encoderShapes() {
    return new Shape[] {new Shape(1, fitX[0].length), new Shape(1, config.latentDim()),
        new Shape(1, config.latentDim())};
  }

  private Shape[] headShapes() {
    return new Shape[] {new Shape(1, fitX[0].length), new Shape(1, config.latentDim()),
        new Shape(1, config.latentDim())};
  }

  private NDArray invariantNoise(NDManager manager, int rows) {
    return DlMiaForward.noise(manager, rows, config.latentDim(), noise);
  }

  private NDArray specificNoise(NDManager manager, int rows) {
    return DlMiaForward.noise(manager, rows, config.latentDim(), noise);
  }

  private void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static float[][] concat(float[][] a, float[][] b) {
    float[][] out = new float[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }



  /** Early stopping on a loss: remembers the best value and the epoch that reached it. */
  static final class EarlyStop {
    private final int patience;
    int epoch;
    int bestEpoch;
    double best = Double.POSITIVE_INFINITY;

    EarlyStop(int patience) {
      this.patience = patience;
    }

    boolean offer(double loss) {
      if (loss < best - MIN_IMPROVEMENT) {
        best = loss;
        bestEpoch = epoch;
        return true;
      }
      return false;
    }

    boolean exhausted() {
      return epoch - bestEpoch >= patience;
    }
  }
}
