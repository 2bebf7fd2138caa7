package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AttackRunnerTest {

  private static final String VERSION = "v-test";

  @Test
  void theInVocabularyRowsLeaveOutSequencesWithAnItemTheTargetNeverSaw() {
    List<ScoreVector> vectors = SyntheticVectors.generate(300, 300, 200, 1.5, 11, VERSION);
    // every third vector scores an item the target never saw
    for (int i = 0; i < vectors.size(); i++) {
      vectors.get(i).setItems(i % 3 == 0 ? List.of("seen-1", "unseen-" + i) : List.of("seen-1", "seen-2"));
    }
    Set<String> vocabulary = Set.of("seen-1", "seen-2");
    try (AttackRun run = new AttackRunner().run(vectors, List.of(), 42, false, Map.of(),
        v -> vocabulary.containsAll(v.getItems()))) {
      AttackResult inVocabulary = run.result(AttackRunner.MLP, AttackRunner.NEGATIVES_IN_VOCABULARY).orElseThrow();
      long members = vectors.stream().filter(v -> !v.getAttackerKnows() && v.getMember()
          && vocabulary.containsAll(v.getItems())).count();
      long originals = vectors.stream().filter(v -> !v.getAttackerKnows() && !v.getMember()
          && v.getVariant() != SequenceVariant.AUGMENTED && vocabulary.containsAll(v.getItems())).count();
      assertEquals(members, inVocabulary.getMembers());
      assertEquals(originals, inVocabulary.getNonMembers());
      assertTrue(members < 150 && originals < 150, "some were left out: " + members + ", " + originals);
    }
    try (AttackRun run = new AttackRunner().run(vectors, 42, false)) {
      assertTrue(run.result(AttackRunner.MLP, AttackRunner.NEGATIVES_IN_VOCABULARY).isEmpty(),
          "no vocabulary known, no in-vocabulary rows");
    }
  }

  @Test
  void theLossThresholdIsTheMembersMeanLossOnTheScoresOwnScale() {
    double[] scores = {-3, -2, -1};
    assertEquals(-1.5, AttackRunner.lossThreshold(Map.of("memberSequenceNll", 1.5, "trainLoss", 0.9), scores));
    assertEquals(-0.9, AttackRunner.lossThreshold(Map.of("trainLoss", 0.9), scores), "an older trainer's metrics");
    assertEquals(-2.0, AttackRunner.lossThreshold(Map.of(), scores), "nothing known: the median");
  }

  @Test
  void trainsOnLabelledPartAndEvaluatesOnTheRest() {
    List<ScoreVector> vectors = new ArrayList<>(SyntheticVectors.generate(300, 300, 200, 1.5, 11, VERSION));
    vectors.add(SyntheticVectors.vector("unlabelled-1", SyntheticVectors.Kind.UNLABELLED, false, 1.5,
        new Random(1), VERSION));
    try (AttackRun run = new AttackRunner().run(vectors, 42, false)) {
      List<String> keys = run.results().stream().map(r -> r.getName() + "/" + r.getMode() + "/" + r.getNegatives())
          .toList();
      assertEquals(List.of("seqmia-mlp/labelled/all", "seqmia-mlp/labelled/original", "seqmia-mlp/labelled/augmented",
          "loss-threshold/none/all", "loss-threshold/none/original", "loss-threshold/none/augmented"), keys);

      // evaluation part: attackerKnows == false (every odd index of each kind)
      AttackResult mlpAll = run.result(AttackRunner.MLP, "all").orElseThrow();
      assertEquals(150, mlpAll.getMembers());
      assertEquals(250, mlpAll.getNonMembers());
      assertEquals(150, run.result(AttackRunner.MLP, "original").orElseThrow().getNonMembers());
      assertEquals(100, run.result(AttackRunner.MLP, "augmented").orElseThrow().getNonMembers());
      assertTrue(mlpAll.getAuc() > 0.8, "MLP AUC " + mlpAll.getAuc());
      assertTrue(run.result(AttackRunner.LOSS_THRESHOLD, "original").orElseThrow().getAuc() > 0.8);
      // augmented variants sit closer to members: harder to tell apart
      assertTrue(run.result(AttackRunner.MLP, "augmented").orElseThrow().getAuc()
          < run.result(AttackRunner.MLP, "original").orElseThrow().getAuc());
      for (AttackResult r : run.results()) {
        assertTrue(r.getMetrics().keySet().containsAll(Set.of("singlePointAuc", "tprAt1Fpr", "tprAt01Fpr", "threshold")),
            r.getMetrics().toString());
        assertEquals(r.getMetrics().get("singlePointAuc"), r.getMetrics().get("singlePointAuc"));
      }
      assertEquals(0.5, mlpAll.getMetrics().get("threshold"));

      // every vector gets a probability; only labelled vectors were trained on, balanced
      assertEquals(vectors.size(), run.memberProbabilities().size());
      assertTrue(run.memberProbabilities().containsKey("unlabelled-1"));
      Set<String> known = vectors.stream().filter(ScoreVector::getAttackerKnows)
          .map(ScoreVector::getSequenceId).collect(Collectors.toSet());
      assertTrue(known.containsAll(run.usedForTraining()));
      assertEquals(300, run.usedForTraining().size(), "150 labelled members + 150 of 250 labelled non-members");
      assertEquals(run.memberProbabilities().get("m-0"), run.predict(vectors.get(0)), 1e-6);
      // one forward pass over many rows (live and bulk verdicts) gives each row's own probability
      List<float[]> rows = vectors.subList(0, 50).stream().map(v -> run.features().row(v)).toList();
      double[] batched = run.predict(run.features(), rows);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(run.memberProbabilities().get(vectors.get(i).getSequenceId()), batched[i], 1e-6);
      }
      assertTrue(mlpAll.getMetrics().get(AttackRunner.TRAIN_SECONDS) > 0, "the MLP's training time is measured");
      assertTrue(run.attackModelVersion().contains(VERSION));
    }
  }

  @Test
  void shuffledTrainingLabelsGiveChance() {
    // many weak features, like the real layout: a model that learned noise ranks by a random direction
    List<ScoreVector> vectors = SyntheticVectors.generate(300, 300, 0, 1.5, 12, VERSION, 20);
    double real = AttackRunner.evaluate(vectors, 42, false).get(0).getAuc();
    assertTrue(real > 0.9, "MLP AUC on true labels " + real);
    double control = AttackRunner.shuffledLabelControlAuc(vectors, 42, 3);
    assertEquals(0.5, control, 0.1, "mean MLP AUC over 3 runs on random labels");

    List<AttackResult> results = AttackRunner.evaluate(vectors, 42, true);
    // the label-free baseline is unaffected by the shuffle
    AttackResult loss = results.stream().filter(r -> r.getName().equals(AttackRunner.LOSS_THRESHOLD)).findFirst()
        .orElseThrow();
    assertTrue(loss.getAuc() > 0.9, "loss-threshold AUC " + loss.getAuc());
    // no augmented variants: that negatives set is skipped
    assertFalse(results.stream().anyMatch(r -> r.getNegatives().equals("augmented")));
  }

  @Test
  void randomLabelsKeepCountsAndIgnoreTheTruth() {
    boolean[] truth = new boolean[100];
    for (int i = 0; i < 40; i++) {
      truth[i] = true;
    }
    boolean[] labels = AttackRunner.randomLabels(truth, new Random(5));
    int labelled = 0, agreeAmongMembers = 0;
    for (int i = 0; i < truth.length; i++) {
      labelled += labels[i] ? 1 : 0;
      agreeAmongMembers += truth[i] && labels[i] ? 1 : 0;
    }
    assertEquals(40, labelled);
    assertEquals(16, agreeAmongMembers, "40% of the 40 true members, as for the non-members");
  }

  @Test
  void lossThresholdUsesTheTrainLossWhenKnown() {
    List<ScoreVector> vectors = SyntheticVectors.generate(60, 60, 0, 1.5, 13, VERSION);
    try (AttackRun run = new AttackRunner().run(vectors, 1, false, Map.of("trainLoss", 2.4))) {
      AttackResult loss = run.result(AttackRunner.LOSS_THRESHOLD, "all").orElseThrow();
      assertEquals(-2.4, loss.getMetrics().get("threshold"), 1e-12);
      assertEquals(2.4, loss.getMetrics().get("nllThreshold"), 1e-12);
    }
  }

  @Test
  void rejectsUnusableInput() {
    List<ScoreVector> vectors = new ArrayList<>(SyntheticVectors.generate(20, 20, 0, 1.0, 14, VERSION));
    List<ScoreVector> mixed = new ArrayList<>(vectors);
    mixed.add(SyntheticVectors.vector("other", SyntheticVectors.Kind.MEMBER, true, 1, new Random(2), "v-other"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AttackRunner.evaluate(mixed, 1, false))
        .getMessage().contains("two model versions"));

    List<ScoreVector> dup = new ArrayList<>(vectors);
    dup.add(vectors.get(0));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AttackRunner.evaluate(dup, 1, false))
        .getMessage().contains("appears twice"));

    List<ScoreVector> badLayout = new ArrayList<>(vectors);
    badLayout.set(0, ScoreVector.newBuilder(vectors.get(0)).setFeatureLayout("other-v9").build());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AttackRunner.evaluate(badLayout, 1, false))
        .getMessage().contains("seqmia-features-v1"));

    List<ScoreVector> noLabels = vectors.stream()
        .map(v -> ScoreVector.newBuilder(v).setAttackerKnows(false).build()).toList();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AttackRunner.evaluate(noLabels, 1, false))
        .getMessage().contains("labelled members"));
  }

  @Test
  void reordersFeaturesByName() {
    List<ScoreVector> vectors = new ArrayList<>(SyntheticVectors.generate(30, 30, 0, 1.5, 15, VERSION));
    ScoreVector first = vectors.get(0);
    List<String> names = new ArrayList<>(first.getFeatureNames());
    List<Float> values = new ArrayList<>(first.getFeatures());
    java.util.Collections.reverse(names);
    java.util.Collections.reverse(values);
    ScoreVector reversed = ScoreVector.newBuilder(first).setFeatureNames(names).setFeatures(values).build();
    FeatureMatrix m = FeatureMatrix.of(vectors.get(1));
    org.junit.jupiter.api.Assertions.assertArrayEquals(m.row(first), m.row(reversed));
  }

  @Test
  void runsEveryAttackAndModeOnOneEvaluationSet() {
    List<ScoreVector> target = SyntheticVectors.withItems(SyntheticVectors.generate(160, 160, 40, 1.5, 11, "v-all"), 12);
    List<ScoreVector> shadow = SyntheticVectors.shadow(150, 150, 1.5, 13, "s-all");
    try (AttackRun run = new AttackRunner().run(target, shadow, 7, false, Map.of())) {
      assertEquals(List.of(), run.skipped());
      List<String> rows = run.results().stream()
          .filter(r -> r.getNegatives().equals(AttackRunner.NEGATIVES_ALL))
          .map(r -> r.getName() + "/" + r.getMode()).toList();
      assertEquals(List.of("seqmia-mlp/labelled", "seqmia-mlp/black-box", "seqmia-mlp/shadow", "biased-mia/shadow",
          "dl-mia/shadow", "loss-threshold/none"), rows);
      // the black-box mode reads the lists: members' lists hold their history's block, non-members' are random
      double blackBox = run.result(AttackRunner.MLP, BlackBoxAttack.MODE, AttackRunner.NEGATIVES_ALL).orElseThrow()
          .getAuc();
      assertTrue(blackBox > 0.8, "black-box MLP AUC " + blackBox);
      AttackResult labelled = run.result(AttackRunner.MLP, AttackRunner.MLP_MODE, AttackRunner.NEGATIVES_ALL).orElseThrow();
      for (AttackResult r : run.results()) {
        if (r.getNegatives().equals(AttackRunner.NEGATIVES_ALL)) {
          assertEquals(labelled.getMembers(), r.getMembers(), "one evaluation set: " + r.getName());
          assertEquals(labelled.getNonMembers(), r.getNonMembers(), "one evaluation set: " + r.getName());
        }
        double low = r.getMetrics().get(AttackRunner.AUC_CI_LOW);
        double high = r.getMetrics().get(AttackRunner.AUC_CI_HIGH);
        assertTrue(low <= r.getAuc() && r.getAuc() <= high, r.getName() + " CI [" + low + ", " + high + "] vs " + r.getAuc());
      }
      // The shadow-mode MLP never saw a target label, yet the shared signal carries over.
      double shadowAuc = run.result(AttackRunner.MLP, AttackRunner.SHADOW_MODE, AttackRunner.NEGATIVES_ALL)
          .orElseThrow().getAuc();
      assertTrue(shadowAuc > 0.75, "shadow-mode MLP AUC " + shadowAuc);
      // Biased-MIA and DL-MIA ran on the same evaluation set (their power is tested in the baseline package:
      // on a 120-item synthetic catalogue, 100-dimensional item vectors are mostly noise).
      for (String baseline : List.of(AttackRunner.BIASED_MIA, AttackRunner.DL_MIA)) {
        double auc = run.result(baseline, AttackRunner.NEGATIVES_ALL).orElseThrow().getAuc();
        assertTrue(auc >= 0 && auc <= 1, baseline + " AUC " + auc);
      }
      ReportArtefacts artefacts = run.artefacts();
      assertEquals(6, artefacts.scores().size());
      long evaluated = labelled.getMembers() + labelled.getNonMembers();
      for (var scores : artefacts.scores()) {
        assertEquals(evaluated, scores.rows().size(), scores.attack() + "/" + scores.mode());
      }
      assertEquals(evaluated, artefacts.features().length);
      double[] s = artefacts.scores().get(0).rows().stream().mapToDouble(r -> r.score()).toArray();
      boolean[] y = new boolean[s.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = artefacts.scores().get(0).rows().get(i).member();
      }
      assertEquals(labelled.getAuc(), Metrics.rocAuc(s, y), 1e-12, "the artefacts hold the scores behind the AUC");
    }
  }

  @Test
  void withoutShadowVectorsTheShadowAttacksAreSkippedWithTheirReason() {
    List<ScoreVector> target = SyntheticVectors.generate(60, 60, 0, 1.5, 21, "v-noshadow");
    try (AttackRun run = new AttackRunner().run(target, List.of(), 7, false, Map.of())) {
      // no lists and histories in these vectors: the black-box mode is skipped too, with its reason
      assertEquals(4, run.skipped().size(), run.skipped().toString());
      assertTrue(run.skipped().get(0).startsWith("black-box: needs every vector's recommendation list"));
      assertEquals(3, run.skipped().stream().filter(r -> r.contains("shadow model's vectors")).count());
      assertTrue(run.results().stream().noneMatch(r -> r.getMode().equals(AttackRunner.SHADOW_MODE)));
      assertEquals(2, run.artefacts().scores().size());
    }
  }
}
