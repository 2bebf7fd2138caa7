package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  @Test
  void handComputedCase() {
    // Ranks 0, 1, 19 are hits, 20 and a miss (OOV) are not.
    Utility u = new RankingMetrics(20)
        .add(0, 0.5).add(1, 1.0).add(19, 2.0).add(20, 3.0).add(RankingMetrics.MISS, 3.5).result();
    assertEquals(5, u.positions());
    assertEquals(3.0 / 5, u.recallAt20(), 1e-12);
    // NDCG: 1/log2(2) + 1/log2(3) + 1/log2(21) = 1 + 0.6309298 + 0.2276702
    assertEquals((1 + 0.6309297535714574 + 0.227670248696953) / 5, u.ndcgAt20(), 1e-12);
    // MRR: 1/1 + 1/2 + 1/20
    assertEquals((1 + 0.5 + 0.05) / 5, u.mrrAt20(), 1e-12);
    assertEquals(10.0 / 5, u.nll(), 1e-12);
  }

  @Test
  void emptyIsNaNAndBadRanksAreRejected() {
    Utility u = new RankingMetrics(20).result();
    assertEquals(0, u.positions());
    assertTrue(Double.isNaN(u.recallAt20()) && Double.isNaN(u.nll()));
    assertThrows(IllegalArgumentException.class, () -> new RankingMetrics(20).add(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new RankingMetrics(0));
  }
}
