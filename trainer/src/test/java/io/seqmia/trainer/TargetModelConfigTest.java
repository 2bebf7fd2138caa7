package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetModelConfigTest {

  @Test
  void presetsHaveTheirNamesAndRegularisation() {
    TargetModelConfig overfit = TargetModelConfig.overfit();
    assertEquals("overfit", overfit.preset());
    assertEquals(0f, overfit.dropout());
    assertEquals(0f, overfit.weightDecay());
    assertFalse(overfit.earlyStopping());

    TargetModelConfig regular = TargetModelConfig.regular();
    assertEquals("regular", regular.preset());
    assertTrue(regular.dropout() > 0f && regular.weightDecay() > 0f);
    assertTrue(regular.earlyStopping());
    assertEquals(TargetModelConfig.REGULAR_PATIENCE, regular.patience());
    assertEquals(TargetModelConfig.REGULAR_VALIDATION_FRACTION, regular.validationFraction());

    assertEquals("default", TargetModelConfig.defaults().preset());
    assertEquals(regular, TargetModelConfig.preset(" Regular "));
    assertEquals(overfit, TargetModelConfig.preset("overfit"));
    assertEquals(TargetModelConfig.defaults(), TargetModelConfig.preset("default"));
  }

  @Test
  void unknownPresetListsTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetModelConfig.preset("huge"));
    assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("overfit, regular, default"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TargetModelConfig.preset(null));
  }

  @Test
  void overridesKeepThePresetAndFieldByFieldConfigsAreNamedByValue() {
    TargetModelConfig r = TargetModelConfig.regular().withEpochs(7).withSize(32, 2, 1, 64).withMaxLength(5);
    assertEquals("regular", r.preset());
    assertEquals(TargetModelConfig.REGULAR_PATIENCE, r.patience());
    assertEquals(7, r.epochs());
    TargetModelConfig o = TargetModelConfig.overfit();
    assertEquals(o, new TargetModelConfig(o.embeddingSize(), o.heads(), o.layers(), o.feedForwardSize(),
        o.maxLength(), o.dropout(), o.learningRate(), o.weightDecay(), o.batchSize(), o.epochs(), o.seed()));
    assertEquals("custom", new TargetModelConfig(32, 2, 1, 64, 10, 0f, 1e-3f, 0f, 32, 5, 1).preset());
    assertEquals("regular", r.withHyperParameters(16, 2, 1, 32, 5, 0f, 1e-3f, 0f, 8, 3, 9).preset());
  }

  @Test
  void earlyStoppingNeedsPatienceAndASlice() {
    TargetModelConfig o = TargetModelConfig.overfit();
    assertThrows(IllegalArgumentException.class, () -> o.withEarlyStopping(3, 0f));
    assertThrows(IllegalArgumentException.class, () -> o.withEarlyStopping(0, 0.1f));
    assertThrows(IllegalArgumentException.class, () -> o.withEarlyStopping(2, 1f));
    assertThrows(IllegalArgumentException.class, () -> o.withEarlyStopping(-1, 0.1f));
    assertFalse(TargetModelConfig.regular().withEarlyStopping(0, 0f).earlyStopping());
  }

  @Test
  void validationSliceIsSizedAndLeavesTrainingData() {
    assertEquals(0, TargetTrainer.validationSize(1, 0.1f));
    assertEquals(1, TargetTrainer.validationSize(2, 0.1f));
    assertEquals(1, TargetTrainer.validationSize(5, 0.1f));
    assertEquals(10, TargetTrainer.validationSize(100, 0.1f));
    assertEquals(0, TargetTrainer.validationSize(100, 0f));
  }
}
