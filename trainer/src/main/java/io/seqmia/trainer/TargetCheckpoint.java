package io.seqmia.trainer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.seqmia.trainer.model.SequenceRecommender;
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
import java.util.List;
import java.util.Properties;

/**
 * The on-disk form of a {@link TrainedTarget}: {@value #PARAMETERS} (DJL block parameters),
 * {@value #VOCABULARY} (item ids in index order after the special tokens, one per line, UTF-8),
 * {@value #CONFIG} (the {@link TargetModelConfig}) and {@value #MANIFEST} (format, model version, feature
 * layout, training record). The manifest is written last, so a directory without one is not a checkpoint.
 */
final class TargetCheckpoint {

  static final String FORMAT = "seqmia-target-checkpoint-v1";
  static final String PARAMETERS = "parameters.djl";
  static final String VOCABULARY = "vocabulary.txt";
  static final String CONFIG = "config.properties";
  static final String MANIFEST = "checkpoint.properties";

  private TargetCheckpoint() {}

  static void save(TrainedTarget target, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(MANIFEST)); // an interrupted save must not look complete
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS))))) {
        target.block().saveParameters(out);
      }
      List<String> items = target.vocabulary().items();
      for (String id : items) {
        if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("cannot save item id with a line break: '" + id + "'");
        }
      }
      Files.write(dir.resolve(VOCABULARY), items, StandardCharsets.UTF_8);
      store(configProperties(target.config()), dir.resolve(CONFIG), "target model configuration");
      TrainingHistory h = target.history();
      Properties m = new Properties();
      m.setProperty("format", FORMAT);
      m.setProperty("model.version", target.modelVersion());
      m.setProperty("feature.layout", FeatureLayout.NAME);
      m.setProperty("vocabulary.size", Integer.toString(target.vocabulary().size()));
      m.setProperty("trained.on.device", target.device());
      m.setProperty("best.epoch", Integer.toString(h.bestEpoch()));
      m.setProperty("train.seconds", Double.toString(h.trainSeconds()));
      m.setProperty("tokens.per.second", Double.toString(h.tokensPerSecond()));
      m.setProperty("train.losses", join(h.trainLosses()));
      m.setProperty("held.out.losses", join(h.heldOutLosses()));
      m.setProperty("validation.losses", join(h.validationLosses()));
      if (target.sample() != null) { // trained on a member sample: which members it saw
        m.setProperty("sample.seed", Long.toString(target.sample().seed()));
        m.setProperty("sample.key", Long.toString(target.sample().key()));
        m.setProperty("sample.id", target.sample().id());
      }
      store(m, dir.resolve(MANIFEST), FORMAT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the target model to " + dir, e);
    }
  }

  static TrainedTarget load(Path dir, Device device) {
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalArgumentException("no target model checkpoint in " + dir + ": " + MANIFEST + " is missing");
    }
    Properties m = read(manifestFile);
    require(FORMAT.equals(m.getProperty("format")), manifestFile, "format is '" + m.getProperty("format")
        + "', this build reads '" + FORMAT + "'");
    require(FeatureLayout.NAME.equals(m.getProperty("feature.layout")), manifestFile, "feature layout is '"
        + m.getProperty("feature.layout") + "', this build writes '" + FeatureLayout.NAME + "'");
    TargetModelConfig config = config(read(dir.resolve(CONFIG)), dir.resolve(CONFIG));
    Vocabulary vocabulary;
    try {
      vocabulary = Vocabulary.fromItems(Files.readAllLines(dir.resolve(VOCABULARY), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(VOCABULARY), e);
    }
    require(Integer.toString(vocabulary.size()).equals(m.getProperty("vocabulary.size")), manifestFile,
        "vocabulary.size is " + m.getProperty("vocabulary.size") + " but " + VOCABULARY + " gives " + vocabulary.size());
    TrainingHistory history = new TrainingHistory(losses(m, "train.losses"), losses(m, "held.out.losses"),
        losses(m, "validation.losses"), Integer.parseInt(m.getProperty("best.epoch", "0")),
        Double.parseDouble(m.getProperty("train.seconds", "0")),
        Double.parseDouble(m.getProperty("tokens.per.second", "0")));

    int positions = FeatureLayout.positions(config.maxLength());
    SequenceRecommender block = new SequenceRecommender(vocabulary.size(), config.embeddingSize(),
        config.heads(), config.layers(), config.feedForwardSize(), positions, config.dropout());
    Model model = Model.newInstance(TargetTrainer.MODEL_NAME, device, TargetTrainer.ENGINE);
    try {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, positions), new Shape(1, positions));
      try (DataInputStream in = new DataInputStream(
          new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMETERS))))) {
        block.loadParameters(model.getNDManager(), in);
      }
      TrainedTarget loaded = new TrainedTarget(model, block, vocabulary,
          new SequenceEncoder(vocabulary, config.maxLength()), config, m.getProperty("model.version"), history);
      if (m.getProperty("sample.id") != null) {
        loaded.sample(new MemberSampler.Bound(Long.parseLong(m.getProperty("sample.seed")),
            Long.parseLong(m.getProperty("sample.key")), m.getProperty("sample.id")));
      }
      return loaded;
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot read " + dir.resolve(PARAMETERS), e);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException("the parameters in " + dir.resolve(PARAMETERS)
          + " do not fit the model described by " + CONFIG + ": " + e.getMessage(), e);
    }
  }

  private static Properties configProperties(TargetModelConfig c) {
    Properties p = new Properties();
    p.setProperty("embedding.size", Integer.toString(c.embeddingSize()));
    p.setProperty("heads", Integer.toString(c.heads()));
    p.setProperty("layers", Integer.toString(c.layers()));
    p.setProperty("feed.forward.size", Integer.toString(c.feedForwardSize()));
    p.setProperty("max.length", Integer.toString(c.maxLength()));
    p.setProperty("dropout", Float.toString(c.dropout()));
    p.setProperty("learning.rate", Float.toString(c.learningRate()));
    p.setProperty("weight.decay", Float.toString(c.weightDecay()));
    p.setProperty("batch.size", Integer.toString(c.batchSize()));
    p.setProperty("epochs", Integer.toString(c.epochs()));
    p.setProperty("seed", Long.toString(c.seed()));
    p.setProperty("preset", c.preset());
    p.setProperty("patience", Integer.toString(c.patience()));
    p.setProperty("validation.fraction", Float.toString(c.validationFraction()));
    return p;
  }

  private static TargetModelConfig config(Properties p, Path file) {
    try {
      return new TargetModelConfig(
          Integer.parseInt(value(p, "embedding.size", file)), Integer.parseInt(value(p, "heads", file)),
          Integer.parseInt(value(p, "layers", file)), Integer.parseInt(value(p, "feed.forward.size", file)),
          Integer.parseInt(value(p, "max.length", file)), Float.parseFloat(value(p, "dropout", file)),
          Float.parseFloat(value(p, "learning.rate", file)), Float.parseFloat(value(p, "weight.decay", file)),
          Integer.parseInt(value(p, "batch.size", file)), Integer.parseInt(value(p, "epochs", file)),
          Long.parseLong(value(p, "seed", file)), value(p, "preset", file),
          Integer.parseInt(value(p, "patience", file)), Float.parseFloat(value(p, "validation.fraction", file)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed number in " + file + ": " + e.getMessage(), e);
    }
  }

  private static String value(Properties p, String key, Path file) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException(file + " lacks '" + key + "'");
    }
    return v;
  }

  private static String join(List<Double> values) {
    StringBuilder b = new StringBuilder();
    for (Double v : values) {
      b.append(b.length() == 0 ? "" : ",").append(v); // Double.toString round-trips exactly
    }
    return b.toString();
  }

  private static List<Double> losses(Properties p, String key) {
    List<Double> out = new ArrayList<>();
    String raw = p.getProperty(key, "");
    if (!raw.isBlank()) {
      for (String v : raw.split(",")) {
        out.add(Double.parseDouble(v));
      }
    }
    return out;
  }

  private static void store(Properties p, Path file, String comment) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, comment);
    }
  }

  private static Properties read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return p;
  }

  private static void require(boolean ok, Path file, String message) {
    if (!ok) {
      throw new IllegalArgumentException("cannot load " + file + ": " + message);
    }
  }
}
