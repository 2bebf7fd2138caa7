package io.seqmia.trainer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.trainer.model.NextItemNllLoss;
import io.seqmia.trainer.model.SequenceRecommender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trains the target recommender on member sequences, watching the loss on held-out sequences. */
public final class TargetTrainer {

  /** Gradient-norm clip: keeps the high overfitting learning rate from blowing up early steps. */
  private static final float CLIP_GRADIENT = 1f;
  static final String ENGINE = "PyTorch";
  static final String MODEL_NAME = "seqmia-target";
  /** Mixed into the seed so the validation slice does not follow the batch order's random stream. */
  private static final long VALIDATION_SALT = 0x5EED_0F_7A11L;
  private static final Logger LOG = LoggerFactory.getLogger(TargetTrainer.class);

  private TargetTrainer() {}

  /** Trains on the device {@link DeviceSelector#select()} picks. */
  public static TrainedTarget train(
      List<ClickSequence> members, List<ClickSequence> heldOut, TargetModelConfig config, EpochListener listener) {
    return train(members, heldOut, config, listener, DeviceSelector.select());
  }

  /**
   * Trains on the members, reporting the loss on {@code heldOut} (non-members) per epoch. With early stopping
   * ({@link TargetModelConfig#earlyStopping()}), a seeded slice of the members is held out as validation set,
   * training stops when its loss has not improved for {@code patience} epochs, and the best epoch's
   * parameters are restored.
   */
  public static TrainedTarget train(List<ClickSequence> members, List<ClickSequence> heldOut,
      TargetModelConfig config, EpochListener listener, Device device) {
    if (members == null || members.isEmpty()) {
      throw new IllegalArgumentException("cannot train the target model without member sequences");
    }
    for (ClickSequence s : members) {
      if (s.getItemIds().isEmpty()) {
        throw new IllegalArgumentException("member sequence " + s.getSequenceId() + " has no items");
      }
    }
    List<ClickSequence> heldOutList = heldOut == null ? List.of() : heldOut;
    EpochListener progress = listener == null ? EpochListener.none() : listener;

    // One seed drives parameter initialisation, dropout, the validation slice and the batch order.
    Engine.getInstance().setRandomSeed((int) config.seed());
    // The vocabulary covers every member, validation slice included: all of them are training data.
    Vocabulary vocabulary = Vocabulary.fromSequences(members);
    // Positions into members: a members list may decode its sequences on each read (the trainer's store).
    int[] validationAt = validationPositions(members.size(), config);
    List<ClickSequence> validation = at(members, validationAt);
    boolean[] held = new boolean[members.size()];
    for (int p : validationAt) {
      held[p] = true;
    }
    List<Integer> fitPositions = new ArrayList<>(members.size() - validationAt.length);
    for (int p = 0; p < members.size(); p++) {
      if (!held[p]) {
        fitPositions.add(p);
      }
    }
    List<ClickSequence> fit = at(members, fitPositions.stream().mapToInt(Integer::intValue).toArray());
    if (config.earlyStopping() && validation.isEmpty()) {
      LOG.warn("only {} member sequences: too few for a validation slice, early stopping is off", members.size());
    }
    SequenceEncoder encoder = new SequenceEncoder(vocabulary, config.maxLength());
    int positions = FeatureLayout.positions(config.maxLength());
    SequenceRecommender block = new SequenceRecommender(vocabulary.size(), config.embeddingSize(),
        config.heads(), config.layers(), config.feedForwardSize(), positions, config.dropout());
    Model model = Model.newInstance(MODEL_NAME, device, ENGINE);
    model.setBlock(block);
    try {
      TargetInference inference = new TargetInference(model, block, encoder);
      List<Double> trainLosses = new ArrayList<>();
      List<Double> heldOutLosses = new ArrayList<>();
      List<Double> validationLosses = new ArrayList<>();
      double bestValidation = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      byte[] bestParameters = null;
      long start = System.nanoTime();
      double trainingSeconds = 0;
      long tokens = 0;
      DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new NextItemNllLoss())
          .optDevices(new Device[] {device})
          .optOptimizer(optimizer(config));
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        trainer.initialize(new Shape(1, positions), new Shape(1, positions));
        List<Integer> order = new ArrayList<>(fitPositions);
        long tokensPerEpoch = countTokens(fit, encoder);
        Random random = new Random(config.seed());
        for (int epoch = 1; epoch <= config.epochs() && !progress.stopRequested(); epoch++) {
          Collections.shuffle(order, random);
          long epochStart = System.nanoTime();
          double lossSum = 0;
          long epochTokens = 0;
          long lossTokens = 0;
          int skipped = 0;
          int batches = 0;
          for (int from = 0; from < order.size() && !progress.stopRequested(); from += config.batchSize()) {
            EncodedBatch batch = encoder.encode(at(members, order.subList(from, Math.min(order.size(),
                from + config.batchSize())).stream().mapToInt(Integer::intValue).toArray()));
            double loss = step(trainer, batch);
            batches++;
            if (Double.isFinite(loss)) {
              lossSum += loss * batch.realPositions();
              lossTokens += batch.realPositions();
            } else {
              skipped++;
            }
            epochTokens += batch.realPositions();
          }
          if (skipped > 0) {
            LOG.warn("epoch {}: {} of {} batches had a non-finite loss and were not applied", epoch, skipped, batches);
            if (skipped == batches) {
              throw new IllegalStateException("target training diverged: every batch of epoch " + epoch
                  + " had a non-finite loss; lower trainer.model.learning.rate or use trainer.model.preset=regular");
            }
          }
          if (epochTokens < tokensPerEpoch) {
            break; // stopped mid-epoch: do not report a partial epoch
          }
          double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
          trainingSeconds += epochSeconds;
          tokens += epochTokens;
          trainLosses.add(lossSum / lossTokens);
          heldOutLosses.add(inference.meanNll(heldOutList));
          double elapsed = (System.nanoTime() - start) / 1e9;
          progress.onEpoch(new EpochProgress(epoch, config.epochs(), trainLosses.get(epoch - 1),
              heldOutLosses.get(epoch - 1), epochTokens / epochSeconds, elapsed,
              elapsed / epoch * (config.epochs() - epoch)));
          if (validation.isEmpty()) {
            bestEpoch = epoch;
            continue;
          }
          double validationLoss = inference.meanNll(validation);
          validationLosses.add(validationLoss);
          if (validationLoss < bestValidation) {
            bestValidation = validationLoss;
            bestEpoch = epoch;
            bestParameters = snapshot(block);
          } else if (epoch - bestEpoch >= config.patience()) {
            LOG.info("early stopping after epoch {}: validation loss {} has not improved on epoch {}'s {} for {} epochs",
                epoch, String.format("%.4f", validationLoss), bestEpoch, String.format("%.4f", bestValidation),
                config.patience());
            break;
          }
        }
      }
      if (bestParameters != null && bestEpoch != trainLosses.size()) {
        restore(block, model, bestParameters);
        LOG.info("restored the parameters of epoch {} (best validation loss {})", bestEpoch,
            String.format("%.4f", bestValidation));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double tokensPerSecond = trainingSeconds > 0 ? tokens / trainingSeconds : 0;
      TrainingHistory history = new TrainingHistory(trainLosses, heldOutLosses, validationLosses, bestEpoch,
          seconds, tokensPerSecond);
      return new TrainedTarget(model, block, vocabulary, encoder, config, modelVersion(members, config), history);
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
  }

  /**
   * The members held out for early stopping: a seeded shuffle's first {@link #validationSize} sequences, empty
   * without early stopping. Deterministic for the same members, order and seed.
   */
  static List<ClickSequence> validationSlice(List<ClickSequence> members, TargetModelConfig config) {
    return List.copyOf(at(members, validationPositions(members.size(), config)));
  }

  /** Positions of the validation slice in the members list (the same draw as a shuffle of the members). */
  static int[] validationPositions(int members, TargetModelConfig config) {
    int n = config.earlyStopping() ? validationSize(members, config.validationFraction()) : 0;
    if (n == 0) {
      return new int[0];
    }
    List<Integer> shuffled = new ArrayList<>(members);
    for (int i = 0; i < members; i++) {
      shuffled.add(i);
    }
    Collections.shuffle(shuffled, new Random(config.seed() ^ VALIDATION_SALT));
    return shuffled.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
  }

  /** A view of {@code list} at {@code positions}, read through on each access. */
  static List<ClickSequence> at(List<ClickSequence> list, int[] positions) {
    return new java.util.AbstractList<ClickSequence>() {
      @Override
      public ClickSequence get(int i) {
        return list.get(positions[i]);
      }

      @Override
      public int size() {
        return positions.length;
      }
    };
  }

  /** Validation slice size: the fraction of the members, at least 1, leaving at least 1 to train on. */
  static int validationSize(int members, float fraction) {
    if (members < 2 || fraction <= 0f) {
      return 0;
    }
    return Math.min(members - 1, Math.max(1, Math.round(members * fraction)));
  }

  private static Optimizer optimizer(TargetModelConfig config) {
    if (config.weightDecay() > 0f) {
      // Decoupled weight decay (AdamW): the decay does not pass through Adam's adaptive scaling.
      return AdamW.builder()
          .optLearningRateTracker(Tracker.fixed(config.learningRate()))
          .optWeightDecays(config.weightDecay())
          .optClipGrad(CLIP_GRADIENT)
          .build();
    }
    return Adam.builder()
        .optLearningRateTracker(Tracker.fixed(config.learningRate()))
        .optWeightDecays(0f)
        .optClipGrad(CLIP_GRADIENT)
        .build();
  }

  private static byte[] snapshot(SequenceRecommender block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot snapshot the model parameters", e);
    }
    return bytes.toByteArray();
  }

  private static void restore(SequenceRecommender block, Model model, byte[] parameters) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
      block.loadParameters(model.getNDManager(), in);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException("cannot restore the best epoch's parameters", e);
    }
  }

  /** One optimiser step on a batch; returns the batch's mean NLL. */
  private static double step(Trainer trainer, EncodedBatch batch) {
    try (NDManager m = trainer.getManager().newSubManager()) {
      Shape shape = new Shape(batch.batch(), batch.time());
      NDList inputs = new NDList(m.create(batch.tokens(), shape), m.create(batch.realRows()));
      NDList labels = new NDList(m.create(batch.targets()));
      float loss;
      // The collector lives only for this step: DJL allows one open GradientCollector per JVM.
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList predictions = trainer.forward(inputs);
        NDArray value = trainer.getLoss().evaluate(labels, predictions);
        loss = value.getFloat();
        if (!Float.isFinite(loss)) {
          // Not applied: one non-finite update would turn every parameter into NaN for good.
          collector.zeroGradients();
          return loss;
        }
        collector.backward(value);
      }
      trainer.step();
      return loss;
    }
  }

  private static long countTokens(List<ClickSequence> sequences, SequenceEncoder encoder) {
    long n = 0;
    for (ClickSequence s : sequences) {
      n += encoder.itemIndices(s).length + 1;
    }
    return n;
  }

  /** "target-" + a digest of the config and the training set + the training start (unique per retrain). */
  private static String modelVersion(List<ClickSequence> members, TargetModelConfig config) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(config.toString().getBytes(StandardCharsets.UTF_8));
      for (ClickSequence s : members) {
        digest.update(s.getSequenceId().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      String hash = HexFormat.of().formatHex(digest.digest(), 0, 4);
      return "target-" + hash + "-" + Long.toString(System.currentTimeMillis(), 36);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
