package io.seqmia.attacker;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned attack: an MLP over a score vector's features that outputs the probability that the
 * target model trained on the sequence (Shokri et al.'s attack model, here trained on the labelled part
 * of the target's own vectors). Training is balanced by downsampling the majority class, uses a
 * stratified validation fold for early stopping, and restores the best epoch's weights.
 */
public final class MlpAttack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MlpAttack.class);
  /** An improvement smaller than this does not reset the early-stopping patience. */
  private static final double MIN_IMPROVEMENT = 1e-4;
  /** Each class needs this many examples: at least one to train on and one to validate with. */
  public static final int MIN_PER_CLASS = 2;

  /** Hyper-parameters; {@link #defaults()} is what the service uses. */
  public record Config(int[] hidden, float dropout, float learningRate, int batchSize, int maxEpochs,
      int patience, double validationFraction) {

    public Config {
      if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
        throw new IllegalArgumentException("hidden layer sizes must be positive, got " + Arrays.toString(hidden));
      }
      if (!(dropout >= 0 && dropout < 1)) {
        throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
      }
      if (!(learningRate > 0) || batchSize <= 0 || maxEpochs <= 0 || patience <= 0) {
        throw new IllegalArgumentException("learning rate, batch size, max epochs and patience must be positive");
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
      }
      hidden = hidden.clone();
    }

    public static Config defaults() {
      return new Config(new int[] {64, 32, 8}, 0.15f, 1e-3f, 64, 200, 10, 0.2);
    }
  }

  /** Files of {@link #save}: the network's weights, then its description (written last). */
  public static final String PARAMETERS_FILE = "mlp-parameters.djl";
  public static final String PROPERTIES_FILE = "mlp.properties";
  static final String FORMAT = "seqmia-mlp-attack-v1";
  private static final String MODEL_NAME = "seqmia-mlp-attack";
  private static final String MODEL_WHAT = "the attack model";

  private final Model model;
  private final Config config;
  private final Standardizer standardizer;
  private final int[] usedIndices;
  private final int epochs;
  private final double bestValidationLoss;

  private MlpAttack(Model model, Config config, Standardizer standardizer, int[] usedIndices, int epochs,
      double bestValidationLoss) {
    this.model = model;
    this.config = config;
    this.standardizer = standardizer;
    this.usedIndices = usedIndices;
    this.epochs = epochs;
    this.bestValidationLoss = bestValidationLoss;
  }

  public static MlpAttack train(float[][] x, boolean[] members, long seed) {
    return train(x, members, seed, Config.defaults());
  }

  /**
   * Trains on a class-balanced subset of {@code x}: every row of the minority class and as many rows
   * of the majority class, drawn with {@code seed}. The same seed, data and thread count give the same
   * model.
   */
  public static MlpAttack train(float[][] x, boolean[] members, long seed, Config config) {
    validate(x, members);
    Random random = new Random(seed);
    BalancedSplit split =
        BalancedSplit.draw(members, config.validationFraction(), MIN_PER_CLASS, random, "the attack", true);
    List<Integer> val = split.validation();
    List<Integer> fit = split.fit();
    int[] used = split.used();

    float[][] fitRows = BalancedSplit.rows(x, fit);
    Standardizer standardizer = Standardizer.fit(fitRows);
    float[][] fitX = standardizer.transform(fitRows);
    float[] fitY = BalancedSplit.labels(members, fit);
    float[][] valX = standardizer.transform(BalancedSplit.rows(x, val));
    float[] valY = BalancedSplit.labels(members, val);

    // Seeds PyTorch's generator: weight initialisation and dropout masks.
    Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    Model model = Model.newInstance(MODEL_NAME);
    try {
      model.setBlock(network(config));
      DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new LogitBinaryCrossEntropy())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build());
      int d = standardizer.dimension();
      int bestEpoch = 0;
      double best = Double.POSITIVE_INFINITY;
      byte[] bestParameters = null;
      int epoch = 0;
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        trainer.initialize(new Shape(1, d));
        int[] order = new int[fitX.length];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        while (epoch < config.maxEpochs() && epoch - bestEpoch < config.patience()) {
          epoch++;
          shuffle(order, random);
          for (int start = 0; start < order.length; start += config.batchSize()) {
            int end = Math.min(order.length, start + config.batchSize());
            trainStep(trainer, fitX, fitY, Arrays.copyOfRange(order, start, end), d);
          }
          double valLoss = loss(model, valX, valY);
          if (valLoss < best - MIN_IMPROVEMENT) {
            best = valLoss;
            bestEpoch = epoch;
            bestParameters = ParameterSnapshot.take(model.getBlock(), MODEL_WHAT);
          }
        }
      }
      ParameterSnapshot.restore(model, bestParameters, MODEL_WHAT);
      LOG.info("MLP attack trained on {} balanced examples ({} validation): best validation loss {} at epoch {} of {}",
          used.length, val.size(), String.format("%.4f", best), bestEpoch, epoch);
      return new MlpAttack(model, config, standardizer, used, epoch, best);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Member probabilities, one per row. */
  public double[] predict(float[][] x) {
    if (x == null) {
      throw new IllegalArgumentException("no feature rows to predict");
    }
    if (x.length == 0) {
      return new double[0];
    }
    float[][] z = standardizer.transform(x);
    try (NDManager sub = model.getNDManager().newSubManager()) {
      NDArray logits = forward(model.getBlock(), sub, z, false);
      float[] p = logits.flatten().toFloatArray();
      double[] out = new double[z.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = sigmoid(p[i]);
      }
      return out;
    }
  }

  /**
   * Writes the model into {@code dir} (created if needed): {@value #PARAMETERS_FILE} (DJL parameters) and
   * {@value #PROPERTIES_FILE} (hyper-parameters, the standardizer's mean and std, the training record),
   * the latter last, so a folder without it holds no complete model. {@link #load} gives the same
   * predictions.
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(PROPERTIES_FILE)); // an interrupted save must not look complete
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS_FILE))))) {
        model.getBlock().saveParameters(out);
      }
      Properties p = new Properties();
      p.setProperty("format", FORMAT);
      p.setProperty("hidden", join(Arrays.stream(config.hidden()).mapToObj(Integer::toString).toList()));
      p.setProperty("dropout", Float.toString(config.dropout()));
      p.setProperty("learning.rate", Float.toString(config.learningRate()));
      p.setProperty("batch.size", Integer.toString(config.batchSize()));
      p.setProperty("max.epochs", Integer.toString(config.maxEpochs()));
      p.setProperty("patience", Integer.toString(config.patience()));
      p.setProperty("validation.fraction", Double.toString(config.validationFraction()));
      p.setProperty("input.dimension", Integer.toString(standardizer.dimension()));
      // Float.toString round-trips a float exactly: the loaded standardizer is the same
      p.setProperty("standardizer.mean", joinFloats(standardizer.mean()));
      p.setProperty("standardizer.std", joinFloats(standardizer.std()));
      p.setProperty("epochs", Integer.toString(epochs));
      p.setProperty("best.validation.loss", Double.toString(bestValidationLoss));
      p.setProperty("training.examples", Integer.toString(usedIndices.length));
      try (Writer w = Files.newBufferedWriter(dir.resolve(PROPERTIES_FILE), StandardCharsets.UTF_8)) {
        p.store(w, FORMAT);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the attack model to " + dir, e);
    }
  }

  /** Whether {@code dir} holds a complete {@link #save}d model. */
  public static boolean isSaved(Path dir) {
    return Files.isRegularFile(dir.resolve(PROPERTIES_FILE)) && Files.isRegularFile(dir.resolve(PARAMETERS_FILE));
  }

  /**
   * The model {@link #save}d in {@code dir}, ready to predict ({@link #usedIndices()} is empty: the
   * training rows are not saved).
   */
  public static MlpAttack load(Path dir) {
    Path file = dir.resolve(PROPERTIES_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no saved attack model in " + dir + ": " + PROPERTIES_FILE + " is missing");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new IllegalArgumentException("cannot load " + file + ": format is '" + p.getProperty("format")
          + "', this build reads '" + FORMAT + "'");
    }
    Config config;
    Standardizer standardizer;
    int epochs;
    double bestLoss;
    try {
      config = new Config(Arrays.stream(value(p, "hidden", file).split(",")).mapToInt(Integer::parseInt).toArray(),
          Float.parseFloat(value(p, "dropout", file)), Float.parseFloat(value(p, "learning.rate", file)),
          Integer.parseInt(value(p, "batch.size", file)), Integer.parseInt(value(p, "max.epochs", file)),
          Integer.parseInt(value(p, "patience", file)), Double.parseDouble(value(p, "validation.fraction", file)));
      standardizer = Standardizer.of(floats(value(p, "standardizer.mean", file)),
          floats(value(p, "standardizer.std", file)));
      int d = Integer.parseInt(value(p, "input.dimension", file));
      if (d != standardizer.dimension()) {
        throw new IllegalArgumentException("input.dimension is " + d + " but the standardizer has "
            + standardizer.dimension() + " features");
      }
      epochs = Integer.parseInt(p.getProperty("epochs", "0"));
      bestLoss = Double.parseDouble(p.getProperty("best.validation.loss", "NaN"));
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new IllegalArgumentException("cannot load " + file + ": " + e.getMessage(), e);
    }
    Model model = Model.newInstance(MODEL_NAME);
    try {
      Block block = network(config);
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, standardizer.dimension()));
      List<Shape> expected = shapes(block);
      try (DataInputStream in = new DataInputStream(
          new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMETERS_FILE))))) {
        block.loadParameters(model.getNDManager(), in);
      }
      // DJL takes the saved arrays whatever their shape: check them against the described network
      List<Shape> loaded = shapes(block);
      if (!loaded.equals(expected)) {
        throw new IllegalArgumentException("parameter shapes " + loaded + ", the network needs " + expected);
      }
      return new MlpAttack(model, config, standardizer, new int[0], epochs, bestLoss);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot read " + dir.resolve(PARAMETERS_FILE), e);
    } catch (ai.djl.MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException("the parameters in " + dir.resolve(PARAMETERS_FILE)
          + " do not fit the network described by " + PROPERTIES_FILE + ": " + e.getMessage(), e);
    }
  }

  /** The hyper-parameters it was trained with. */
  public Config config() {
    return config;
  }

  /** Indices (into the training rows) of the balanced set the model saw, validation fold included. */
  public int[] usedIndices() {
    return usedIndices.clone();
  }

  public int epochs() {
    return epochs;
  }

  public double bestValidationLoss() {
    return bestValidationLoss;
  }

  public int inputDimension() {
    return standardizer.dimension();
  }

  @Override
  public void close() {
    model.close();
  }

  private static Block network(Config config) {
    SequentialBlock net = new SequentialBlock();
    for (int units : config.hidden()) {
      net.add(Linear.builder().setUnits(units).build());
      net.add(Activation.reluBlock());
      if (config.dropout() > 0) {
        net.add(Dropout.builder().optRate(config.dropout()).build());
      }
    }
    net.add(Linear.builder().setUnits(1).build()); // a logit; the sigmoid is applied in the loss/predict
    return net;
  }

  private static void trainStep(Trainer trainer, float[][] x, float[] y, int[] batch, int d) {
    try (NDManager sub = trainer.getManager().newSubManager()) {
      float[] flat = new float[batch.length * d];
      float[] labels = new float[batch.length];
      for (int i = 0; i < batch.length; i++) {
        System.arraycopy(x[batch[i]], 0, flat, i * d, d);
        labels[i] = y[batch[i]];
      }
      NDArray xb = sub.create(flat, new Shape(batch.length, d));
      NDArray yb = sub.create(labels, new Shape(batch.length, 1));
      // The collector lives only for this step: DJL allows one per JVM.
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDArray logits = trainer.forward(new NDList(xb)).singletonOrThrow();
        NDArray loss = LogitBinaryCrossEntropy.meanLoss(logits, yb);
        collector.backward(loss);
      }
      trainer.step();
    }
  }

  private static double loss(Model model, float[][] x, float[] y) {
    try (NDManager sub = model.getNDManager().newSubManager()) {
      NDArray logits = forward(model.getBlock(), sub, x, false);
      NDArray labels = sub.create(y, new Shape(y.length, 1));
      return LogitBinaryCrossEntropy.meanLoss(logits, labels).getFloat();
    }
  }

  private static NDArray forward(Block block, NDManager manager, float[][] x, boolean training) {
    int d = x[0].length;
    float[] flat = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * d, d);
    }
    NDArray input = manager.create(flat, new Shape(x.length, d));
    return block.forward(new ParameterStore(manager, false), new NDList(input), training).singletonOrThrow();
  }



  private static void validate(float[][] x, boolean[] members) {
    if (x == null || members == null || x.length != members.length) {
      throw new IllegalArgumentException("feature rows and labels must be non-null and of equal length");
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("no labelled vectors to train the attack on");
    }
    int d = x[0] == null ? 0 : x[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("feature vectors are empty");
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null || x[i].length != d) {
        throw new IllegalArgumentException("row " + i + " has " + (x[i] == null ? 0 : x[i].length)
            + " features, expected " + d);
      }
      for (int j = 0; j < d; j++) {
        if (!Float.isFinite(x[i][j])) {
          throw new IllegalArgumentException("row " + i + " feature " + j + " is " + x[i][j]);
        }
      }
    }
  }

  private static List<Shape> shapes(Block block) {
    List<Shape> out = new ArrayList<>();
    block.getParameters().forEach(p -> out.add(p.getValue().getArray().getShape()));
    return out;
  }

  private static String value(Properties p, String key, Path file) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(file + " lacks '" + key + "'");
    }
    return v.trim();
  }

  private static String join(List<String> values) {
    return String.join(",", values);
  }

  private static String joinFloats(float[] values) {
    List<String> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add(Float.toString(v));
    }
    return join(out);
  }

  private static float[] floats(String raw) {
    String[] parts = raw.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }



  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** Binary cross-entropy on logits, written out so it is numerically stable on any engine. */
  static final class LogitBinaryCrossEntropy extends Loss {

    LogitBinaryCrossEntropy() {
      super("LogitBCE");
    }

    /** mean(max(z, 0) - z*y + log(1 + exp(-|z|))) */
    static NDArray meanLoss(NDArray logits, NDArray labels) {
      NDArray z = logits.reshape(labels.getShape());
      return z.maximum(0f).sub(z.mul(labels)).add(z.abs().neg().exp().add(1f).log()).mean();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      return meanLoss(predictions.singletonOrThrow(), labels.singletonOrThrow());
    }
  }
}
