package io.seqmia.attacker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancedSplitTest {

  @Test
  void downsamplesTheMajorityAndHoldsOutAStratifiedFold() {
    boolean[] members = new boolean[30]; // 10 members, 20 non-members
    for (int i = 0; i < 10; i++) {
      members[i * 3] = true;
    }
    BalancedSplit split = BalancedSplit.draw(members, 0.2, 2, new Random(5), "the attack", true);
    assertEquals(20, split.used().length, "10 members and 10 of the 20 non-members");
    assertEquals(4, split.validation().size(), "round(10 x 0.2) = 2 per class");
    assertEquals(16, split.fit().size());
    assertEquals(2, split.validation().stream().filter(i -> members[i]).count());
    assertEquals(8, split.fit().stream().filter(i -> members[i]).count());
    Set<Integer> both = new HashSet<>(split.fit());
    both.addAll(split.validation());
    assertEquals(20, both.size(), "the folds do not overlap");
    int[] sorted = both.stream().mapToInt(Integer::intValue).sorted().toArray();
    assertArrayEquals(sorted, split.used(), "used = both folds, sorted");
    BalancedSplit again = BalancedSplit.draw(members, 0.2, 2, new Random(5), "the attack", true);
    assertEquals(split.fit(), again.fit(), "the same seed draws the same split");
    assertEquals(split.validation(), again.validation());
  }

  @Test
  void keepsOneForValidationAndOneToFitOnTinySets() {
    BalancedSplit split = BalancedSplit.draw(new boolean[] {true, true, false, false}, 0.9, 2, new Random(1), "m", false);
    assertEquals(2, split.validation().size());
    assertEquals(2, split.fit().size());
  }

  @Test
  void rowsAndLabelsFollowTheIndices() {
    float[][] x = {{0f}, {1f}, {2f}};
    assertArrayEquals(new float[] {2f}, BalancedSplit.rows(x, List.of(2, 0))[0]);
    assertArrayEquals(new float[] {1f, 0f}, BalancedSplit.labels(new boolean[] {false, true, false}, List.of(1, 2)));
  }

  @Test
  void tooFewOfAClassSaysWhoAndHowMany() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BalancedSplit.draw(new boolean[] {true, false, false}, 0.2, 2, new Random(1), "DL-MIA", false));
    assertTrue(e.getMessage().equals("DL-MIA needs at least 2 members and 2 non-members to train, got 1 and 2"),
        e.getMessage());
  }
}
