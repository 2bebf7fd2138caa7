package io.seqmia.attacker.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic attack scores shared by the report tests. */
final class SampleScores {
  private SampleScores() {}

  /**
   * {@code perClass} members (ORIGINAL) scoring N(delta, 1), as many non-members N(0, 1), a third of them
   * AUGMENTED scoring N(delta / 2, 1) (near-copies look partly like members).
   */
  static AttackScores gaussian(String attack, String mode, int perClass, double delta, long seed) {
    Random random = new Random(seed);
    List<AttackScores.Row> rows = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      rows.add(new AttackScores.Row("m-" + i, AttackScores.ORIGINAL, true, random.nextGaussian() + delta));
    }
    for (int i = 0; i < perClass; i++) {
      boolean augmented = i % 3 == 0;
      rows.add(new AttackScores.Row("n-" + i + (augmented ? "-aug" : ""),
          augmented ? AttackScores.AUGMENTED : AttackScores.ORIGINAL, false,
          random.nextGaussian() + (augmented ? delta / 2 : 0)));
    }
    return new AttackScores(attack, mode, rows);
  }
}
