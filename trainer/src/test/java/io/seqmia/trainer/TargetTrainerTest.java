package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains one small overfitting target and checks training, scoring and the feature layout. */
class TargetTrainerTest {

  private static final int MAX_LENGTH = 10;
  static final TargetModelConfig TINY = TargetModelConfig.overfit()
      .withSize(32, 2, 1, 64).withMaxLength(MAX_LENGTH).withEpochs(25);
  private static final TargetModelConfig TINY_BATCHES = new TargetModelConfig(32, 2, 1, 64, MAX_LENGTH, 0f,
      TINY.learningRate(), 0f, 32, 25, 42);

  private static List<ClickSequence> members;
  private static List<ClickSequence> heldOut;
  private static final List<EpochProgress> progress = new ArrayList<>();
  private static TrainedTarget target;

  @BeforeAll
  static void train() {
    TestSequences data = new TestSequences(80, 8, 11);
    members = data.sequences("m", 160, MembershipSplit.TARGET_MEMBER, 3, 14);
    heldOut = data.sequences("h", 160, MembershipSplit.TARGET_NONMEMBER, 3, 14);
    target = TargetTrainer.train(members, heldOut, TINY_BATCHES, progress::add);
  }

  @AfterAll
  static void close() {
    if (target != null) {
      target.close();
    }
  }

  @Test
  void lossFallsAndMembersEndFarBelowHeldOut() {
    assertEquals(TINY_BATCHES.epochs(), target.epochs());
    assertEquals(target.epochs(), progress.size());
    assertEquals(target.epochs(), target.heldOutLossPerEpoch().size());
    List<Double> train = target.trainLossPerEpoch();
    assertTrue(train.get(train.size() - 1) < train.get(0) - 1.0,
        "train loss should fall by more than a nat: " + train);
    double memberNll = target.meanNll(members);
    double heldOutNll = target.meanNll(heldOut);
    assertTrue(heldOutNll - memberNll > 0.5,
        "overfitted members should be clearly more likely: member " + memberNll + " held-out " + heldOutNll);
    assertTrue(target.trainSeconds() > 0);
    assertTrue(target.tokensPerSecond() > 0);
    assertTrue(progress.get(progress.size() - 1).etaSeconds() == 0);
    System.out.printf("tiny target: %d epochs in %.1f s, %.0f tokens/s, member NLL %.3f, held-out NLL %.3f%n",
        target.epochs(), target.trainSeconds(), target.tokensPerSecond(), memberNll, heldOutNll);
  }

  @Test
  void theMembersSequenceNllIsTheirScoreVectorsNllMeanAveraged() {
    // the loss-threshold attack compares per-sequence means: its operating point must be one too
    List<ClickSequence> some = members.subList(0, 40);
    double[] nll = target.meanNlls(some);
    double fromVectors = target.score(some, ModelRole.TARGET).stream().mapToDouble(v -> v.getFeatures().get(0))
        .average().orElseThrow(); // feature 0 is nll_mean
    assertEquals(fromVectors, nll[1], 1e-4);
    assertEquals(target.meanNll(some), nll[0], 1e-9);
  }

  @Test
  void scoreVectorsFollowTheLayoutAndCarryTheSequence() {
    List<ClickSequence> input = new ArrayList<>(members.subList(0, 5));
    input.addAll(heldOut.subList(0, 5));
    input.add(TestSequences.augmented(members.get(0), 1, "item-never-seen"));
    List<ScoreVector> vectors = target.score(input, ModelRole.TARGET);
    assertEquals(input.size(), vectors.size());
    List<String> names = FeatureLayout.names(MAX_LENGTH);
    assertEquals(FeatureLayout.SUMMARY_NAMES.size() + 3 * (MAX_LENGTH + 1), names.size());
    assertEquals(List.of("nll_mean", "nll_min", "nll_max", "nll_std", "nll_last", "logrank_mean", "hit_at_1",
        "hit_at_20", "length", "entropy_last", "entropy_mean", "top_prob_01"), names.subList(0, 12));
    assertEquals("top_prob_20", names.get(30));
    assertEquals(List.of("logprob_0", "logrank_0", "mask_0", "logprob_1"), names.subList(31, 35));
    assertEquals("mask_" + MAX_LENGTH, names.get(names.size() - 1));
    for (int i = 0; i < vectors.size(); i++) {
      ScoreVector v = vectors.get(i);
      ClickSequence s = input.get(i);
      assertEquals(s.getSequenceId(), v.getSequenceId());
      assertEquals(FeatureLayout.NAME, v.getFeatureLayout());
      assertEquals(List.of(), v.getFeatureNames(), "names are not sent on each vector (ScoreVector v3)");
      assertEquals(names, io.seqmia.schemas.FeatureLayouts.names(v));
      assertEquals(names.size(), v.getFeatures().size());
      v.getFeatures().forEach(f -> assertTrue(Float.isFinite(f), "non-finite feature in " + v));
      assertEquals(ModelRole.TARGET, v.getRole());
      assertEquals("target", v.getModelRole()); // the string the released readers require
      assertEquals(target.modelVersion(), v.getModelVersion());
      assertEquals(s.getSplit() == MembershipSplit.TARGET_MEMBER, v.getMember());
      assertEquals(s.getSplit(), v.getSplit());
      assertEquals(s.getVariant(), v.getVariant());
      assertEquals(s.getParentSequenceId(), v.getParentSequenceId());
      assertEquals(s.getAttackerKnows(), v.getAttackerKnows());
      assertNull(v.getSequenceTime());
      assertTrue(v.getTopItemIndices().size() <= FeatureLayout.TOP_ITEMS && !v.getTopItemIndices().isEmpty());
      assertEquals(List.of(), v.getTopItems(), "recommendations travel as vocabulary indices");
      target.itemIds(v.getTopItemIndices())
          .forEach(item -> assertTrue(item.startsWith("item-"), "special token in topItemIndices: " + item));

      int length = Math.min(s.getItemIds().size(), MAX_LENGTH);
      assertEquals(length, feature(v, "length"));
      float masks = 0;
      for (int p = 0; p <= MAX_LENGTH; p++) {
        masks += feature(v, "mask_" + p);
      }
      assertEquals(length + 1, masks);
      assertEquals(-feature(v, "logprob_" + length), feature(v, "nll_last"), 1e-5);
      assertTrue(feature(v, "nll_min") <= feature(v, "nll_mean") && feature(v, "nll_mean") <= feature(v, "nll_max"));
      assertTrue(feature(v, "top_prob_01") >= feature(v, "top_prob_20"));
      assertTrue(feature(v, "hit_at_1") <= feature(v, "hit_at_20"));
    }
    assertEquals(SequenceVariant.AUGMENTED, vectors.get(vectors.size() - 1).getVariant());
    assertFalse(vectors.get(vectors.size() - 1).getMember());
    assertNull(target.score(input.subList(0, 1), ModelRole.SHADOW).get(0).getMember());
  }

  @Test
  void aDivergingRunStopsWithAMessageInsteadOfPublishingANanModel() {
    // A learning rate this large drives the parameters to infinity within the first steps: every later batch's
    // loss is NaN. Such steps are not applied, and an epoch of nothing but them stops training with a message.
    TargetModelConfig exploding = new TargetModelConfig(32, 2, 1, 64, MAX_LENGTH, 0f, 1e30f, 0f, 32, 3, 42);
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> TargetTrainer.train(members, heldOut, exploding, p -> { }).close());
    assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("model.learning.rate"), e.getMessage());
  }

  @Test
  void scoringIsDeterministic() {
    List<ClickSequence> input = new ArrayList<>(heldOut.subList(0, 20));
    input.addAll(members.subList(0, 20));
    List<ScoreVector> a = target.score(input, ModelRole.TARGET);
    List<ScoreVector> b = target.score(input, ModelRole.TARGET);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).getFeatures(), b.get(i).getFeatures());
      assertEquals(a.get(i).getTopItemIndices(), b.get(i).getTopItemIndices());
    }
  }

  @Test
  void aSequenceScoresTheSameAloneAsInAnyBatch() {
    // 300 sequences go through several forward batches of up to TargetInference.MAX_BATCH, padded differently
    List<ClickSequence> many = new ArrayList<>(members);
    many.addAll(heldOut);
    List<ScoreVector> together = target.score(many, ModelRole.TARGET);
    for (int i = 0; i < many.size(); i += 37) {
      ScoreVector alone = target.score(List.of(many.get(i)), ModelRole.TARGET).get(0);
      List<Float> a = alone.getFeatures();
      List<Float> b = together.get(i).getFeatures();
      for (int f = 0; f < a.size(); f++) {
        assertEquals(a.get(f), b.get(f), 1e-4, "feature " + f + " of " + many.get(i).getSequenceId());
      }
      assertEquals(alone.getTopItemIndices(), together.get(i).getTopItemIndices());
    }
  }

  @Test
  void earlierPositionFeaturesIgnoreLaterItems() {
    ClickSequence original = members.get(3);
    List<String> items = new ArrayList<>(original.getItemIds());
    int changed = 2;
    items.set(changed, "item-79".equals(items.get(changed)) ? "item-78" : "item-79");
    ClickSequence edited = TestSequences.sequence("edited", items, MembershipSplit.TARGET_NONMEMBER,
        SequenceVariant.ORIGINAL, null, false);
    List<ScoreVector> v = target.score(List.of(original, edited), ModelRole.TARGET);
    // Position p predicts item p, so positions before `changed` neither see nor predict the edit.
    for (int p = 0; p < changed; p++) {
      assertEquals(feature(v.get(0), "logprob_" + p), feature(v.get(1), "logprob_" + p), 1e-5);
      assertEquals(feature(v.get(0), "logrank_" + p), feature(v.get(1), "logrank_" + p), 1e-5);
    }
    assertTrue(feature(v.get(0), "logprob_" + (changed + 1)) != feature(v.get(1), "logprob_" + (changed + 1)));
  }

  @Test
  void trainingIsReproducibleForTheSameSeed() {
    TargetModelConfig short3 = TINY_BATCHES.withEpochs(2);
    List<ClickSequence> few = members.subList(0, 64);
    try (TrainedTarget a = TargetTrainer.train(few, heldOut.subList(0, 32), short3, null);
        TrainedTarget b = TargetTrainer.train(few, heldOut.subList(0, 32), short3, null)) {
      assertEquals(a.trainLossPerEpoch(), b.trainLossPerEpoch());
      assertEquals(a.heldOutLossPerEpoch(), b.heldOutLossPerEpoch());
      assertEquals(a.score(few.subList(0, 3), ModelRole.TARGET).get(2).getFeatures(),
          b.score(few.subList(0, 3), ModelRole.TARGET).get(2).getFeatures());
    }
  }

  @Test
  void utilityShowsTheOverfittingGap() {
    Utility m = target.utility(members);
    Utility h = target.utility(heldOut);
    // END is excluded: one position per item.
    assertEquals(members.stream().mapToLong(s -> Math.min(s.getItemIds().size(), MAX_LENGTH)).sum(), m.positions());
    for (Utility u : List.of(m, h)) {
      assertTrue(u.recallAt20() >= 0 && u.recallAt20() <= 1, u.toString());
      assertTrue(u.mrrAt20() <= u.ndcgAt20() && u.ndcgAt20() <= u.recallAt20(), u.toString());
    }
    assertTrue(m.recallAt20() > h.recallAt20() + 0.05, "members " + m + " vs held-out " + h);
    assertTrue(m.mrrAt20() > h.mrrAt20() + 0.1, "members " + m + " vs held-out " + h);
    assertTrue(m.nll() < h.nll(), "members " + m + " vs held-out " + h);
    System.out.println("utility members: " + m + "\nutility held-out: " + h);
  }

  @Test
  void recordsPresetAndDevice() {
    assertEquals("custom", target.preset());
    assertEquals(DeviceSelector.select().toString(), target.device());
    assertEquals(target.epochs(), target.bestEpoch());
    assertTrue(target.validationLossPerEpoch().isEmpty());
  }

  @Test
  void checkpointRestoresIdenticalScores(@TempDir Path dir) {
    List<ClickSequence> input = new ArrayList<>(members.subList(0, 10));
    input.addAll(heldOut.subList(0, 10));
    input.add(TestSequences.augmented(members.get(0), 1, "item-never-seen"));
    target.save(dir);
    try (TrainedTarget loaded = TrainedTarget.load(dir)) {
      assertEquals(target.modelVersion(), loaded.modelVersion());
      assertEquals(target.config(), loaded.config());
      assertEquals(target.vocabulary().items(), loaded.vocabulary().items());
      assertEquals(target.trainLossPerEpoch(), loaded.trainLossPerEpoch());
      assertEquals(target.heldOutLossPerEpoch(), loaded.heldOutLossPerEpoch());
      assertEquals(target.bestEpoch(), loaded.bestEpoch());
      List<ScoreVector> a = target.score(input, ModelRole.TARGET);
      List<ScoreVector> b = loaded.score(input, ModelRole.TARGET);
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).getFeatures(), b.get(i).getFeatures());
        assertEquals(a.get(i).getTopItemIndices(), b.get(i).getTopItemIndices());
        assertEquals(a.get(i).getModelVersion(), b.get(i).getModelVersion());
      }
      assertEquals(target.utility(heldOut), loaded.utility(heldOut));
    }
  }

  @Test
  void loadingWhatIsNoCheckpointFailsClearly(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedTarget.load(dir));
    assertTrue(e.getMessage().contains("checkpoint.properties"), e.getMessage());
  }

  @Test
  void badInputIsRejectedClearly() {
    ClickSequence empty = TestSequences.sequence("empty", List.of(), MembershipSplit.TARGET_MEMBER,
        SequenceVariant.ORIGINAL, null, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> target.score(List.of(empty), ModelRole.TARGET));
    assertTrue(e.getMessage().contains("empty"));
    assertThrows(IllegalArgumentException.class, () -> TargetTrainer.train(List.of(), heldOut, TINY, null));
    assertThrows(IllegalArgumentException.class, () -> TINY.withEpochs(0));
  }

  private static float feature(ScoreVector v, String name) {
    int i = io.seqmia.schemas.FeatureLayouts.names(v).indexOf(name);
    assertTrue(i >= 0, "no feature " + name);
    return v.getFeatures().get(i);
  }
}
