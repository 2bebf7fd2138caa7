package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final double EPS = 1e-12;

  @Test
  void perfectSeparationHasAucOne() {
    AttackMetrics m = Metrics.evaluate(new double[] {0.1, 0.2, 0.8, 0.9},
        new boolean[] {false, false, true, true}, 0.5);
    assertEquals(1.0, m.auc(), EPS);
    assertEquals(1.0, m.accuracy(), EPS);
    assertEquals(1.0, m.precision(), EPS);
    assertEquals(1.0, m.recall(), EPS);
    assertEquals(1.0, m.f1(), EPS);
    assertEquals(1.0, m.singlePointAuc(), EPS);
    assertEquals(1.0, m.tprAt1Fpr(), EPS);
    assertEquals(1.0, m.tprAt01Fpr(), EPS);
    assertEquals(2, m.members());
    assertEquals(2, m.nonMembers());
  }

  @Test
  void invertedScoresHaveAucZero() {
    AttackMetrics m = Metrics.evaluate(new double[] {0.1, 0.2, 0.8, 0.9},
        new boolean[] {true, true, false, false}, 0.5);
    assertEquals(0.0, m.auc(), EPS);
    assertEquals(0.0, m.accuracy(), EPS);
    assertEquals(0.0, m.precision(), EPS); // nothing right among the predicted members
    assertEquals(0.0, m.recall(), EPS);
    assertEquals(0.0, m.f1(), EPS);
    assertEquals(0.0, m.singlePointAuc(), EPS); // TPR 0, FPR 1
    assertEquals(0.0, m.tprAt1Fpr(), EPS);
  }

  @Test
  void allEqualScoresAreChance() {
    AttackMetrics m = Metrics.evaluate(new double[] {0.5, 0.5, 0.5, 0.5},
        new boolean[] {true, false, true, false}, 0.5);
    assertEquals(0.5, m.auc(), EPS);
    assertEquals(0.5, m.singlePointAuc(), EPS); // everyone called member: TPR 1, FPR 1
    assertEquals(0.0, m.tprAt1Fpr(), EPS); // the only threshold admitting anyone admits every non-member
    assertEquals(2, m.truePositives());
    assertEquals(2, m.falsePositives());
  }

  @Test
  void tiesCountHalf() {
    // members 0.8, 0.5; non-members 0.5, 0.2: pairs 1 + 1 + 0.5 + 1 of 4
    double[] scores = {0.8, 0.5, 0.5, 0.2};
    boolean[] labels = {true, true, false, false};
    AttackMetrics m = Metrics.evaluate(scores, labels, 0.5);
    assertEquals(0.875, m.auc(), EPS);
    // at 0.5: tp 2, fp 1, tn 1, fn 0
    assertEquals(2, m.truePositives());
    assertEquals(1, m.falsePositives());
    assertEquals(1, m.trueNegatives());
    assertEquals(0, m.falseNegatives());
    assertEquals(0.75, m.accuracy(), EPS);
    assertEquals(2.0 / 3, m.precision(), EPS);
    assertEquals(1.0, m.recall(), EPS);
    assertEquals(0.8, m.f1(), EPS);
    assertEquals(0.75, m.singlePointAuc(), EPS);
    // only the threshold 0.8 keeps FPR at 0: TPR 1/2
    assertEquals(0.5, m.tprAt1Fpr(), EPS);
  }

  @Test
  void partialOverlapMatchesPairCount() {
    // members 0.9, 0.4, 0.6 vs non-members 0.7, 0.1, 0.3: 3 + 2 + 2 of 9 pairs
    assertEquals(7.0 / 9, Metrics.rocAuc(new double[] {0.9, 0.4, 0.6, 0.7, 0.1, 0.3},
        new boolean[] {true, true, true, false, false, false}), EPS);
  }

  @Test
  void rankAucEqualsBruteForcePairCountingWithTies() {
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int n = 20 + random.nextInt(50);
      double[] scores = new double[n];
      boolean[] labels = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(6); // few distinct values: many ties
        labels[i] = i % 3 == 0;
      }
      double pairs = 0, wins = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (labels[i] && !labels[j]) {
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          }
        }
      }
      assertEquals(wins / pairs, Metrics.rocAuc(scores, labels), 1e-12);
    }
  }

  @Test
  void tprAtLowFprRespectsTheBudget() {
    // 200 non-members at 0.000..0.199; members: 5 at 1.0, 3 at 0.1985, 2 at 0.05
    double[] scores = new double[210];
    boolean[] labels = new boolean[210];
    for (int i = 0; i < 200; i++) {
      scores[i] = i / 1000.0;
    }
    for (int i = 200; i < 210; i++) {
      labels[i] = true;
      scores[i] = i < 205 ? 1.0 : i < 208 ? 0.1985 : 0.05;
    }
    // 1% of 200 = 2 false positives allowed: down to 0.198 keeps 8 members
    assertEquals(0.8, Metrics.tprAtFpr(scores, labels, 0.01), EPS);
    // 0.1% allows none: only the 5 above every non-member
    assertEquals(0.5, Metrics.tprAtFpr(scores, labels, 0.001), EPS);
    assertEquals(1.0, Metrics.tprAtFpr(scores, labels, 1.0), EPS);
  }

  @Test
  void singleClassOrBadInputIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metrics.evaluate(new double[] {0.1, 0.2}, new boolean[] {true, true}, 0.5));
    assertTrue(e.getMessage().contains("only members"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.rocAuc(new double[] {0.1, Double.NaN}, new boolean[] {true, false}));
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.rocAuc(new double[] {0.1}, new boolean[] {true, false}));
  }
  // ---- ROC curve ----

  @Test
  void rocCurveHasAPointPerDistinctScoreWithTiesDiagonal() {
    // members 0.8, 0.5; non-members 0.5, 0.2 (the tie at 0.5 moves both rates at once)
    Metrics.RocCurve roc = Metrics.rocCurve(new double[] {0.8, 0.5, 0.5, 0.2},
        new boolean[] {true, true, false, false});
    assertArrayEquals(new double[] {0, 0, 0.5, 1}, roc.fpr(), EPS);
    assertArrayEquals(new double[] {0, 0.5, 1, 1}, roc.tpr(), EPS);
    assertEquals(0.875, roc.area(), EPS); // the Mann-Whitney AUC of tiesCountHalf
  }

  @Test
  void rocCurveOfAllEqualScoresIsTheDiagonal() {
    Metrics.RocCurve roc = Metrics.rocCurve(new double[] {3, 3, 3}, new boolean[] {true, false, false});
    assertArrayEquals(new double[] {0, 1}, roc.fpr(), EPS);
    assertArrayEquals(new double[] {0, 1}, roc.tpr(), EPS);
    assertEquals(0.5, roc.area(), EPS);
  }

  @Test
  void rocCurveOfAPerfectSeparatorGoesThroughTheCorner() {
    Metrics.RocCurve roc = Metrics.rocCurve(new double[] {0.1, 0.2, 0.8, 0.9},
        new boolean[] {false, false, true, true});
    assertArrayEquals(new double[] {0, 0, 0, 0.5, 1}, roc.fpr(), EPS);
    assertArrayEquals(new double[] {0, 0.5, 1, 1, 1}, roc.tpr(), EPS);
  }

  @Test
  void rocCurveAreaEqualsRankAucAndTprAtFprReadsOffTheCurve() {
    Random random = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      int n = 30 + random.nextInt(100);
      double[] scores = new double[n];
      boolean[] labels = new boolean[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextBoolean() || i == 0;
        scores[i] = random.nextInt(15) + (labels[i] ? 3 : 0);
      }
      labels[1] = false;
      Metrics.RocCurve roc = Metrics.rocCurve(scores, labels);
      assertEquals(Metrics.rocAuc(scores, labels), roc.area(), 1e-12);
      assertEquals(0, roc.fpr()[0]);
      assertEquals(1, roc.fpr()[roc.size() - 1]);
      assertEquals(1, roc.tpr()[roc.size() - 1]);
      assertEquals(java.util.Arrays.stream(scores).distinct().count() + 1, roc.size());
      double best = 0;
      for (int k = 0; k < roc.size(); k++) {
        if (k > 0) {
          assertTrue(roc.fpr()[k] >= roc.fpr()[k - 1] && roc.tpr()[k] >= roc.tpr()[k - 1]);
        }
        if (roc.fpr()[k] <= 0.1) {
          best = Math.max(best, roc.tpr()[k]);
        }
      }
      assertEquals(Metrics.tprAtFpr(scores, labels, 0.1), best, 1e-12);
    }
  }

  @Test
  void rocCurveRejectsANanScore() {
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.rocCurve(new double[] {Double.NaN, 1}, new boolean[] {false, true}));
  }
}
