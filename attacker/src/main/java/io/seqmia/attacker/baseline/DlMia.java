package io.seqmia.attacker.baseline;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.seqmia.attacker.BalancedSplit;
import io.seqmia.attacker.Standardizer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DL-MIA baseline (Wang et al., KDD 2022, "Debiasing Learning for Membership Inference Attacks
 * Against Recommender Systems"), after the authors' code (github.com/WZH-NLP/DL-MIA-KDD-2022): difference
 * vectors go through a disentangled VAE encoder (a recommender-invariant and a recommender-specific Gaussian
 * latent); three MLP heads (on the vector, on each latent) are fused into the member probability; a weight
 * estimator gives each training vector a weight for the loss. Training: pretrain the encoder, pretrain the
 * heads, then alternate weight-estimator and joint updates. Every simplification against the paper and the
 * reference code is listed in docs/BASELINES.md.
 *
 * <p>Training is class-balanced (the majority class is downsampled), inputs are standardised with a
 * {@link Standardizer} fitted on the training fold, and a stratified validation fold drives early stopping.
 * One seed, one data set and one PyTorch thread count give the same model.
 */
public final class DlMia implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DlMia.class);

  /** Each class needs this many vectors: at least one to train on and one to validate with. */
  public static final int MIN_PER_CLASS = 2;

  /** Latent size of each of the two latents (the reference's ysize = zsize = 50). */
  public static final int DEFAULT_LATENT_DIM = 50;
  /** Hidden width of the encoder trunks and the decoder (the reference's mlp_hidden_size). */
  public static final int DEFAULT_ENCODER_HIDDEN = 100;
  /** Hidden layers of each head (the reference's MLP 32-8-2; here 32-8-1 with a logit). */
  public static final List<Integer> DEFAULT_HEAD_HIDDEN = List.of(32, 8);
  public static final int DEFAULT_WEIGHT_HIDDEN = 32;
  /** Fusion weight of the invariant head (the reference scripts' alpha for sequential recommenders). */
  public static final double DEFAULT_INVARIANT_HEAD_WEIGHT = 0.7;
  /** Fusion weight of the specific head (the reference scripts' beta: 0, the head is kept but unweighted). */
  public static final double DEFAULT_SPECIFIC_HEAD_WEIGHT = 0.0;
  /** KL weights (the reference scripts' max_vmf_kl_temp and max_gauss_kl_temp). */
  public static final double DEFAULT_INVARIANT_KL_WEIGHT = 1e-4;
  public static final double DEFAULT_SPECIFIC_KL_WEIGHT = 1e-3;
  public static final float DEFAULT_LEARNING_RATE = 1e-3f;
  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final int DEFAULT_ENCODER_EPOCHS = 20;
  public static final int DEFAULT_HEAD_EPOCHS = 40;
  public static final int DEFAULT_JOINT_EPOCHS = 30;
  /** Epochs per block of the alternation (the reference flips every 10 epochs). */
  public static final int DEFAULT_ALTERNATION = 5;
  public static final int DEFAULT_PATIENCE = 6;
  public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
  /** Floor of an estimated weight, so the weight loss's 1/w stays finite. */
  public static final float DEFAULT_MIN_WEIGHT = 0.05f;

  /**
   * Hyper-parameters; {@link #defaults()} holds the named defaults above. The raw-vector head's fusion
   * weight is {@code 1 - invariantHeadWeight - specificHeadWeight}, as in the reference code.
   */
  public record Config(int latentDim, int encoderHidden, int[] headHidden, int weightHidden,
      double invariantHeadWeight, double specificHeadWeight, double invariantKlWeight, double specificKlWeight,
      float learningRate, int batchSize, int encoderEpochs, int headEpochs, int jointEpochs, int alternation,
      int patience, double validationFraction, float minWeight) {

    public Config {
      if (latentDim <= 0 || encoderHidden <= 0 || weightHidden <= 0) {
        throw new IllegalArgumentException("latentDim, encoderHidden and weightHidden must be positive, got "
            + latentDim + ", " + encoderHidden + ", " + weightHidden);
      }
      if (headHidden == null || headHidden.length == 0 || Arrays.stream(headHidden).anyMatch(h -> h <= 0)) {
        throw new IllegalArgumentException("head hidden layer sizes must be positive, got "
            + Arrays.toString(headHidden));
      }
      if (!(invariantHeadWeight >= 0) || !(specificHeadWeight >= 0)
          || !(invariantHeadWeight + specificHeadWeight <= 1)) {
        throw new IllegalArgumentException("head fusion weights must be >= 0 and sum to at most 1 (the raw head"
            + " gets the rest), got invariant " + invariantHeadWeight + " and specific " + specificHeadWeight);
      }
      if (!(invariantKlWeight >= 0) || !(specificKlWeight >= 0)) {
        throw new IllegalArgumentException("KL weights must be >= 0, got " + invariantKlWeight + " and "
            + specificKlWeight);
      }
      if (!(learningRate > 0) || batchSize <= 0 || encoderEpochs <= 0 || headEpochs <= 0 || jointEpochs <= 0
          || alternation <= 0 || patience <= 0) {
        throw new IllegalArgumentException("learning rate, batch size, epoch counts, alternation and patience"
            + " must be positive");
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
      }
      if (!(minWeight > 0 && minWeight < 1)) {
        throw new IllegalArgumentException("minimum weight must be in (0, 1), got " + minWeight);
      }
      headHidden = headHidden.clone();
    }

    @Override
    public int[] headHidden() {
      return headHidden.clone();
    }

    /** The raw-vector head's share of the fused probability and loss. */
    public double rawHeadWeight() {
      return Math.max(0, 1 - invariantHeadWeight - specificHeadWeight);
    }

    public static Config defaults() {
      return new Config(DEFAULT_LATENT_DIM, DEFAULT_ENCODER_HIDDEN,
          DEFAULT_HEAD_HIDDEN.stream().mapToInt(Integer::intValue).toArray(), DEFAULT_WEIGHT_HIDDEN,
          DEFAULT_INVARIANT_HEAD_WEIGHT, DEFAULT_SPECIFIC_HEAD_WEIGHT, DEFAULT_INVARIANT_KL_WEIGHT,
          DEFAULT_SPECIFIC_KL_WEIGHT, DEFAULT_LEARNING_RATE, DEFAULT_BATCH_SIZE, DEFAULT_ENCODER_EPOCHS,
          DEFAULT_HEAD_EPOCHS, DEFAULT_JOINT_EPOCHS, DEFAULT_ALTERNATION, DEFAULT_PATIENCE,
          DEFAULT_VALIDATION_FRACTION, DEFAULT_MIN_WEIGHT);
    }

    /** A copy with other head fusion weights. */
    public Config withHeadWeights(double invariant, double specific) {
      return new Config(latentDim, encoderHidden, headHidden, weightHidden, invariant, specific,
          invariantKlWeight, specificKlWeight, learningRate, batchSize, encoderEpochs, headEpochs, jointEpochs,
          alternation, patience, validationFraction, minWeight);
    }

    /** A copy with other epoch limits per phase. */
    public Config withEpochs(int encoder, int heads, int joint) {
      return new Config(latentDim, encoderHidden, headHidden, weightHidden, invariantHeadWeight,
          specificHeadWeight, invariantKlWeight, specificKlWeight, learningRate, batchSize, encoder, heads, joint,
          alternation, patience, validationFraction, minWeight);
    }
  }

  /**
   * What training did: epochs per phase, the best validation loss (fused cross-entropy), whether the
   * joint phase improved on the pretrained heads (if not, the pretrained state is kept), whether it
   * diverged (non-finite validation loss; stopped, best earlier state kept), and the mean estimated
   * weight over the training rows (in [minWeight, 1]; near either end the estimator saturated).
   */
  public record Summary(int encoderEpochs, int headEpochs, int jointEpochs, int weightEpochs,
      double bestValidationLoss, boolean jointImproved, boolean jointDiverged, double meanWeight) {

    public int totalEpochs() {
      return encoderEpochs + headEpochs + jointEpochs + weightEpochs;
    }
  }

  private final Model encoder;
  private final Model heads;
  private final Standardizer standardizer;
  private final Config config;
  private final Summary summary;

  private DlMia(Model encoder, Model heads, Standardizer standardizer, Config config, Summary summary) {
    this.encoder = encoder;
    this.heads = heads;
    this.standardizer = standardizer;
    this.config = config;
    this.summary = summary;
  }

  public static DlMia train(float[][] x, boolean[] members, long seed) {
    return train(x, members, seed, Config.defaults());
  }

  public static DlMia train(float[][] x, boolean[] members, long seed, Config config) {
    return train(x, members, new float[0][], seed, config);
  }

  /**
   * Trains on the shadow recommender's difference vectors {@code x} with their labels, and, like the
   * reference code, on the target recommender's unlabelled difference vectors {@code targetX} (may be
   * empty): they train the encoder, get weights, and enter the joint loss with the model's own decisions
   * as pseudo labels. No target label is used.
   */
  public static DlMia train(float[][] x, boolean[] members, float[][] targetX, long seed, Config config) {
    if (config == null) {
      throw new IllegalArgumentException("DL-MIA needs a config; use DlMia.Config.defaults()");
    }
    int d = validateRows(x, "training");
    if (members == null || members.length != x.length) {
      throw new IllegalArgumentException("need one membership label per difference vector, got "
          + (members == null ? "none" : members.length) + " labels for " + x.length + " vectors");
    }
    if (targetX == null) {
      throw new IllegalArgumentException("target vectors must not be null; pass an empty array for none");
    }
    if (targetX.length > 0 && validateRows(targetX, "target") != d) {
      throw new IllegalArgumentException("target vectors have " + targetX[0].length + " values, the training"
          + " vectors " + d);
    }
    Random random = new Random(seed);
    BalancedSplit split =
        BalancedSplit.draw(members, config.validationFraction(), MIN_PER_CLASS, random, "DL-MIA", false);
    List<Integer> val = split.validation();
    List<Integer> fit = split.fit();

    float[][] fitRows = BalancedSplit.rows(x, fit);
    Standardizer standardizer = Standardizer.fit(fitRows);
    float[][] fitX = standardizer.transform(fitRows);
    float[][] valX = standardizer.transform(BalancedSplit.rows(x, val));
    float[][] targetZ = targetX.length == 0 ? new float[0][] : standardizer.transform(targetX);

    // Seeds PyTorch's generator for the weight initialisation; all other randomness comes from `random`.
    Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    Model encoder = Model.newInstance("seqmia-dl-mia-encoder");
    Model heads = Model.newInstance("seqmia-dl-mia-heads");
    try (Model weights = Model.newInstance("seqmia-dl-mia-weights")) {
      encoder.setBlock(new DlMiaEncoder(d, config.encoderHidden(), config.latentDim(), config.latentDim()));
      heads.setBlock(new DlMiaHeads(config.headHidden()));
      weights.setBlock(new DlMiaWeightEstimator(config.weightHidden(), config.minWeight()));
      Shape in = new Shape(1, d);
      Shape latent = new Shape(1, config.latentDim());
      encoder.getBlock().initialize(encoder.getNDManager(), DataType.FLOAT32, in, latent, latent);
      heads.getBlock().initialize(heads.getNDManager(), DataType.FLOAT32, in, latent, latent);
      weights.getBlock().initialize(weights.getNDManager(), DataType.FLOAT32, in);
      Summary summary = new DlMiaTraining(config, encoder, heads, weights, fitX, BalancedSplit.labels(members, fit),
          valX, BalancedSplit.labels(members, val), targetZ, random).run();
      LOG.info("DL-MIA trained on {} balanced vectors ({} validation) and {} target vectors: epochs encoder {},"
              + " heads {}, joint {}, weight estimator {}; best validation loss {}{}; mean weight {}",
          split.used().length, val.size(), targetX.length, summary.encoderEpochs(), summary.headEpochs(),
          summary.jointEpochs(), summary.weightEpochs(), String.format("%.4f", summary.bestValidationLoss()),
          summary.jointDiverged() ? " (joint phase diverged and was dropped)"
              : summary.jointImproved() ? "" : " (joint phase did not beat the pretrained heads)",
          String.format("%.3f", summary.meanWeight()));
      return new DlMia(encoder, heads, standardizer, config, summary);
    } catch (RuntimeException e) {
      encoder.close();
      heads.close();
      throw e;
    }
  }

  /** Member probabilities, one per row (both latents at their posterior means, so deterministic). */
  public double[] predict(float[][] x) {
    if (x == null) {
      throw new IllegalArgumentException("no difference vectors to predict");
    }
    if (x.length == 0) {
      return new double[0];
    }
    int d = validateRows(x, "prediction");
    if (d != standardizer.dimension()) {
      throw new IllegalArgumentException("difference vectors have " + d + " values, the model was trained on "
          + standardizer.dimension());
    }
    return DlMiaForward.fusedProbabilities(DlMiaForward.headLogits(encoder, heads, standardizer.transform(x)),
        config);
  }

  /** Epochs run over all phases (encoder, heads, joint and weight-estimator epochs). */
  public int epochs() {
    return summary.totalEpochs();
  }

  public Summary summary() {
    return summary;
  }

  public Config config() {
    return config;
  }

  public int inputDimension() {
    return standardizer.dimension();
  }

  @Override
  public void close() {
    encoder.close();
    heads.close();
  }

  /** Checks that rows are present, rectangular and finite; returns their width. */
  private static int validateRows(float[][] x, String what) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException("no " + what + " difference vectors given");
    }
    if (x[0] == null || x[0].length == 0) {
      throw new IllegalArgumentException(what + " difference vector 0 is empty");
    }
    int d = x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null || x[i].length != d) {
        throw new IllegalArgumentException(what + " difference vector " + i + " has "
            + (x[i] == null ? 0 : x[i].length) + " values, expected " + d + " like vector 0");
      }
      for (int j = 0; j < d; j++) {
        if (!Float.isFinite(x[i][j])) {
          throw new IllegalArgumentException(what + " difference vector " + i + " value " + j + " is " + x[i][j]);
        }
      }
    }
    return d;
  }


}
