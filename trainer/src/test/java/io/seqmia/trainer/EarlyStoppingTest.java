package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The regular preset's early stopping on a seeded validation slice of the members. */
class EarlyStoppingTest {

  private static final int MAX_EPOCHS = 40;
  private static final int PATIENCE = 2;

  @Test
  void stopsWhenValidationStallsAndKeepsTheBestEpoch(@TempDir Path dir) {
    TestSequences data = new TestSequences(80, 8, 11);
    List<ClickSequence> members = data.sequences("m", 120, MembershipSplit.TARGET_MEMBER, 3, 12);
    List<ClickSequence> heldOut = data.sequences("h", 40, MembershipSplit.TARGET_NONMEMBER, 3, 12);
    // A high learning rate so the small model overfits soon and validation turns around within the test.
    TargetModelConfig config = TargetModelConfig.regular().withSize(32, 2, 1, 64).withMaxLength(10)
        .withEpochs(MAX_EPOCHS).withBatchSize(32)
        .withHyperParameters(32, 2, 1, 64, 10, 0.1f, 1e-2f, 1e-4f, 32, MAX_EPOCHS, 7)
        .withEarlyStopping(PATIENCE, 0.2f);
    List<ClickSequence> slice = TargetTrainer.validationSlice(members, config);
    assertEquals(24, slice.size());
    assertEquals(slice, TargetTrainer.validationSlice(members, config), "the slice is deterministic by seed");
    assertEquals(24, new HashSet<>(slice).size());

    try (TrainedTarget t = TargetTrainer.train(members, heldOut, config, null)) {
      List<Double> validation = t.validationLossPerEpoch();
      System.out.printf("early stopping: %d epochs, best %d, validation %s%n", t.epochs(), t.bestEpoch(), validation);
      assertEquals("regular", t.preset());
      assertEquals(t.epochs(), validation.size());
      assertTrue(t.epochs() < MAX_EPOCHS, "should stop early: " + validation);
      assertEquals(PATIENCE, t.epochs() - t.bestEpoch(), "stops after `patience` epochs without improvement");
      double best = Collections.min(validation);
      assertEquals(best, validation.get(t.bestEpoch() - 1));
      // The best epoch's parameters were restored: the model reproduces that epoch's validation loss.
      assertEquals(best, t.meanNll(slice), 1e-4);

      t.save(dir);
      try (TrainedTarget loaded = TrainedTarget.load(dir)) {
        assertEquals("regular", loaded.preset());
        assertEquals(config, loaded.config());
        assertEquals(validation, loaded.validationLossPerEpoch());
        assertEquals(t.bestEpoch(), loaded.bestEpoch());
        assertEquals(t.utility(heldOut), loaded.utility(heldOut));
      }
    }
  }
}
