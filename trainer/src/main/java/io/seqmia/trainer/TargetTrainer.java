package io.seqmia.trainer;

import ai.djl.Device;
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
import ai.djl.training.tracker.Tracker;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.trainer.model.NextItemNllLoss;
import io.seqmia.trainer.model.SequenceRecommender;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Trains the target recommender on member sequences, watching the loss on held-out sequences. */
public final class TargetTrainer {

  /** Gradient-norm clip: keeps the high overfitting learning rate from blowing up early steps. */
  private static final float CLIP_GRADIENT = 1f;
  private static final String ENGINE = "PyTorch";

  private TargetTrainer() {}

  public static TrainedTarget train(
      List<ClickSequence> members, List<ClickSequence> heldOut, TargetModelConfig config, EpochListener listener) {
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

    // One seed drives parameter initialisation, dropout and the batch order: runs are reproducible.
    Engine.getInstance().setRandomSeed((int) config.seed());
    Vocabulary vocabulary = Vocabulary.fromSequences(members);
    SequenceEncoder encoder = new SequenceEncoder(vocabulary, config.maxLength());
    int positions = FeatureLayout.positions(config.maxLength());
    SequenceRecommender block = new SequenceRecommender(vocabulary.size(), config.embeddingSize(),
        config.heads(), config.layers(), config.feedForwardSize(), positions, config.dropout());
    Model model = Model.newInstance("seqmia-target", Device.cpu(), ENGINE);
    model.setBlock(block);
    try {
      TargetInference inference = new TargetInference(model, block, encoder);
      List<Double> trainLosses = new ArrayList<>();
      List<Double> heldOutLosses = new ArrayList<>();
      long start = System.nanoTime();
      double trainingSeconds = 0;
      long tokens = 0;
      DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new NextItemNllLoss())
          .optDevices(new Device[] {Device.cpu()})
          .optOptimizer(Adam.builder()
              .optLearningRateTracker(Tracker.fixed(config.learningRate()))
              .optWeightDecays(config.weightDecay())
              .optClipGrad(CLIP_GRADIENT)
              .build());
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        trainer.initialize(new Shape(1, positions), new Shape(1, positions));
        List<ClickSequence> order = new ArrayList<>(members);
        long tokensPerEpoch = countTokens(members, encoder);
        Random random = new Random(config.seed());
        for (int epoch = 1; epoch <= config.epochs() && !progress.stopRequested(); epoch++) {
          Collections.shuffle(order, random);
          long epochStart = System.nanoTime();
          double lossSum = 0;
          long epochTokens = 0;
          for (int from = 0; from < order.size() && !progress.stopRequested(); from += config.batchSize()) {
            EncodedBatch batch = encoder.encode(order.subList(from, Math.min(order.size(), from + config.batchSize())));
            lossSum += step(trainer, batch) * batch.realPositions();
            epochTokens += batch.realPositions();
          }
          if (epochTokens < tokensPerEpoch) {
            break; // stopped mid-epoch: do not report a partial epoch
          }
          double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
          trainingSeconds += epochSeconds;
          tokens += epochTokens;
          trainLosses.add(lossSum / epochTokens);
          heldOutLosses.add(inference.meanNll(heldOutList));
          double elapsed = (System.nanoTime() - start) / 1e9;
          progress.onEpoch(new EpochProgress(epoch, config.epochs(), trainLosses.get(epoch - 1),
              heldOutLosses.get(epoch - 1), epochTokens / epochSeconds, elapsed,
              elapsed / epoch * (config.epochs() - epoch)));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double tokensPerSecond = trainingSeconds > 0 ? tokens / trainingSeconds : 0;
      return new TrainedTarget(model, block, vocabulary, encoder, config, modelVersion(members, config),
          trainLosses, heldOutLosses, seconds, tokensPerSecond);
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
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
        collector.backward(value);
        loss = value.getFloat();
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
