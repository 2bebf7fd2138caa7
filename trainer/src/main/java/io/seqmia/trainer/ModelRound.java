package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlAttributes;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training round of the trainer: the target on the TARGET_MEMBER sequences (held out: TARGET_NONMEMBER
 * originals), the shadow on the SHADOW_MEMBER ones, MODEL_TRAINED's metrics and attributes, and the checkpoint.
 */
final class ModelRound {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRound.class);

  /** What the trainer knew about the data set when it trained. */
  record DataSet(boolean complete, int held, long announced, int partitionsFlushed, int clicksPartitions) {}

  /** The trained models (shadow null when there is none) and what MODEL_TRAINED says about them. */
  record Trained(TrainedTarget target, TrainedTarget shadow, Map<String, Double> metrics,
      Map<String, String> attributes, Map<String, List<Double>> series) {}

  /** Series keys of MODEL_TRAINED (the shadow's with {@link ControlAttributes#SHADOW_PREFIX}). */
  static final String TRAIN_LOSS_SERIES = "trainLoss";
  static final String HELD_OUT_LOSS_SERIES = "heldOutLoss";

  /** Mixed into the sample seed: the shadow's and the held-out samples are other draws than the target's. */
  private static final long SHADOW_SALT = 0x5AD0_5A3EL;
  private static final long HELD_OUT_SALT = 0x0E1D_0075L;

  private final TrainerConfig config;
  private final BooleanSupplier closing;

  ModelRound(TrainerConfig config, BooleanSupplier closing) {
    this.config = config;
    this.closing = closing;
  }

  /** Trains both models; null when there are too few members (logged), or when closing interrupted it. */
  Trained train(String runId, SequenceStore store, DataSet data) {
    series.clear();
    // Every TARGET_MEMBER trains, whatever its variant: augmented variants are TARGET_MEMBERs only when the
    // streams-app runs with augment.train-target=true (the paper's other reading); by default they never train.
    SequenceStore.Held allMembers = store.side(MembershipSplit.TARGET_MEMBER, false);
    List<ClickSequence> members = MemberSampler.sample(allMembers, config.sample().members(), config.sample().seed());
    // With a sample, the held-out loss is watched on as many non-members (also seeded); all are still scored.
    List<ClickSequence> heldOut = MemberSampler.sample(store.side(MembershipSplit.TARGET_NONMEMBER, true),
        config.sample().members(), config.sample().seed() ^ HELD_OUT_SALT);
    if (members.size() < TrainerService.MIN_MEMBER_SEQUENCES) {
      LOG.error("run {}: only {} TARGET_MEMBER sequences arrived, at least {} are needed; not training. "
          + "Waiting for more sequences (training is retried after {} s without progress).",
          runId, members.size(), TrainerService.MIN_MEMBER_SEQUENCES, config.progressTimeout().toSeconds());
      return null;
    }
    LOG.info("run {}: training the target on {} member sequences{} ({} held out), {}", runId, members.size(),
        sampleNote(allMembers.size(), members.size()), heldOut.size(), config.model());
    TrainedTarget target = TargetTrainer.train(members, heldOut, config.model(), listener(ModelRole.TARGET));
    target.sample(MemberSampler.bound(allMembers, config.sample().members(), config.sample().seed()));
    if (closing.getAsBoolean()) {
      target.close();
      return null;
    }
    Map<String, Double> metrics = new HashMap<>();
    putMetrics(metrics, "", target, members, heldOut);
    metrics.put(ControlAttributes.MEMBERS_AVAILABLE, (double) allMembers.size());
    metrics.put(ControlAttributes.SEQUENCES_HELD, (double) data.held());
    if (data.announced() >= 0) {
      metrics.put(ControlAttributes.SEQUENCES_EXPECTED, (double) data.announced());
    }
    metrics.put(ControlAttributes.PARTITIONS_FLUSHED, (double) data.partitionsFlushed());
    metrics.put(ControlAttributes.CLICKS_PARTITIONS, (double) data.clicksPartitions());
    LOG.info("run {}: model {} trained in {} s: {}", runId, target.modelVersion(),
        String.format("%.1f", target.trainSeconds()), metrics);
    TrainedTarget shadow = trainShadow(runId, store);
    if (closing.getAsBoolean()) {
      target.close();
      if (shadow != null) {
        shadow.close();
      }
      return null;
    }
    Map<String, String> attributes = new HashMap<>();
    attributes.put(TrainerService.MODEL_VERSION, target.modelVersion());
    attributes.put(ControlAttributes.PRESET, target.preset());
    attributes.put(ControlAttributes.DEVICE, target.device());
    attributes.put(ControlAttributes.COMPLETE, Boolean.toString(data.complete()));
    attributes.put(ControlAttributes.MEMBER_SAMPLE, config.sample().sampled(allMembers.size())
        ? Integer.toString(config.sample().members()) : ControlAttributes.ALL_MEMBERS);
    attributes.put(ControlAttributes.SAMPLE_SEED, Long.toString(config.sample().seed()));
    if (shadow != null) {
      attributes.put(TrainerService.SHADOW_MODEL_VERSION, shadow.modelVersion());
      SequenceStore.Held shadowMembers = store.side(MembershipSplit.SHADOW_MEMBER, false);
      putMetrics(metrics, ControlAttributes.SHADOW_PREFIX, shadow, shadowMembers(store),
          shadowHeldOut(store));
      metrics.put(ControlAttributes.SHADOW_PREFIX + ControlAttributes.MEMBERS_AVAILABLE,
          (double) shadowMembers.size());
    }
    checkpoint(target, shadow, attributes);
    Map<String, List<Double>> curves = new HashMap<>();
    series.forEach((key, values) -> curves.put(key, List.copyOf(values)));
    return new Trained(target, shadow, metrics, attributes, curves);
  }

  /** Trains the shadow on the SHADOW_MEMBER sequences (held out: SHADOW_NONMEMBER originals), or returns null. */
  private TrainedTarget trainShadow(String runId, SequenceStore store) {
    if (!config.shadowEnabled()) {
      LOG.info("run {}: no shadow model ({}=false)", runId, TrainerConfig.SHADOW_ENABLED);
      return null;
    }
    List<ClickSequence> members = shadowMembers(store);
    List<ClickSequence> heldOut = shadowHeldOut(store);
    if (members.size() < TrainerService.MIN_SHADOW_MEMBER_SEQUENCES) {
      LOG.warn("run {}: only {} SHADOW_MEMBER sequences arrived, at least {} are needed; no shadow model, "
          + "shadow-side sequences are not scored", runId, members.size(), TrainerService.MIN_SHADOW_MEMBER_SEQUENCES);
      return null;
    }
    LOG.info("run {}: training the shadow on {} member sequences{} ({} held out), {}", runId, members.size(),
        sampleNote(store.side(MembershipSplit.SHADOW_MEMBER, false).size(), members.size()), heldOut.size(),
        config.model());
    TrainedTarget trained = TargetTrainer.train(members, heldOut, config.model(), listener(ModelRole.SHADOW));
    trained.sample(MemberSampler.bound(store.side(MembershipSplit.SHADOW_MEMBER, false), config.sample().members(),
        config.sample().seed() ^ SHADOW_SALT));
    LOG.info("run {}: shadow model {} trained in {} s", runId, trained.modelVersion(),
        String.format("%.1f", trained.trainSeconds()));
    return trained;
  }

  /** The shadow's members: the same sample size as the target's, drawn with a salted seed. */
  private List<ClickSequence> shadowMembers(SequenceStore store) {
    return MemberSampler.sample(store.side(MembershipSplit.SHADOW_MEMBER, false), config.sample().members(),
        config.sample().seed() ^ SHADOW_SALT);
  }

  private List<ClickSequence> shadowHeldOut(SequenceStore store) {
    return MemberSampler.sample(store.side(MembershipSplit.SHADOW_NONMEMBER, true), config.sample().members(),
        config.sample().seed() ^ SHADOW_SALT ^ HELD_OUT_SALT);
  }

  private String sampleNote(int available, int used) {
    return used < available ? " (a seeded sample of the " + available + " available, " + TrainerConfig.SAMPLE_SEED
        + "=" + config.sample().seed() + ")" : "";
  }

  /**
   * Saves the trained models under {@code model.dir}/{version}/ (the shadow under shadow/ inside it) and
   * names the newest in {@code model.dir}/LATEST; the folder is added to MODEL_TRAINED's attributes.
   * A failed save is logged, not fatal: the scores are still worth publishing.
   */
  private void checkpoint(TrainedTarget trained, TrainedTarget shadow, Map<String, String> attributes) {
    if (config.modelDir() == null) {
      return;
    }
    Path dir = config.modelDir().resolve(trained.modelVersion());
    try {
      trained.save(dir);
      if (shadow != null) {
        shadow.save(dir.resolve(TrainerService.SHADOW_CHECKPOINT));
      }
      Files.writeString(config.modelDir().resolve(TrainerService.LATEST_CHECKPOINT), trained.modelVersion() + "\n");
      attributes.put(TrainerService.CHECKPOINT, dir.toAbsolutePath().toString());
      LOG.info("model {} checkpointed in {}", trained.modelVersion(), dir);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.error("could not checkpoint model {} in {}: {}", trained.modelVersion(), dir, e.toString());
    }
  }

  /** The latest finished epoch of any model this round trains (for /metrics), or null before the first. */
  EpochProgress latestEpoch() {
    return latestEpoch;
  }

  private volatile EpochProgress latestEpoch;
  private volatile ModelRole latestRole;
  /** This round's training curves: one loss per epoch and model (at most the configured epochs each). */
  private final Map<String, List<Double>> series = new java.util.concurrent.ConcurrentHashMap<>();

  /** The role (target, shadow) of the model that finished {@link #latestEpoch()}, or null before one. */
  ModelRole latestRole() {
    return latestRole;
  }

  private EpochListener listener(ModelRole role) {
    return new EpochListener() {
      @Override
      public void onEpoch(EpochProgress p) {
        LOG.info("{} model {}", ModelRoles.wireName(role), p);
        String prefix = role == ModelRole.SHADOW ? ControlAttributes.SHADOW_PREFIX : "";
        series.computeIfAbsent(prefix + TRAIN_LOSS_SERIES, k -> new java.util.ArrayList<>()).add(p.trainLoss());
        series.computeIfAbsent(prefix + HELD_OUT_LOSS_SERIES, k -> new java.util.ArrayList<>()).add(p.heldOutLoss());
        latestRole = role;
        latestEpoch = p;
      }

      @Override
      public boolean stopRequested() {
        return closing.getAsBoolean();
      }
    };
  }

  private static void putMetrics(Map<String, Double> metrics, String prefix, TrainedTarget trained,
      List<ClickSequence> members, List<ClickSequence> heldOut) {
    metrics.put(prefix + "trainLoss", trained.finalTrainLoss());
    metrics.put(prefix + "heldOutLoss", trained.finalHeldOutLoss());
    metrics.put(prefix + "epochs", (double) trained.epochs());
    metrics.put(prefix + "trainSeconds", trained.trainSeconds());
    metrics.put(prefix + "tokensPerSecond", trained.tokensPerSecond());
    double[] memberNll = trained.meanNlls(members);
    metrics.put(prefix + "memberNll", memberNll[0]);
    // the members' nll_mean averaged: the loss-threshold attack's operating point on its own scale
    metrics.put(prefix + ControlAttributes.MEMBER_SEQUENCE_NLL, memberNll[1]);
    metrics.put(prefix + "nonMemberNll", trained.meanNll(heldOut));
    metrics.put(prefix + "trainSequences", (double) members.size());
    metrics.put(prefix + "heldOutSequences", (double) heldOut.size());
    // What the overfitting costs: next-item quality on what the model trained on and on what it did not.
    putUtility(metrics, prefix, "Members", trained.utility(members));
    if (!heldOut.isEmpty()) {
      putUtility(metrics, prefix, "NonMembers", trained.utility(heldOut));
    }
  }

  private static void putUtility(Map<String, Double> metrics, String prefix, String side, Utility u) {
    metrics.put(prefix + "recallAt20" + side, u.recallAt20());
    metrics.put(prefix + "ndcgAt20" + side, u.ndcgAt20());
    metrics.put(prefix + "mrrAt20" + side, u.mrrAt20());
  }
}
