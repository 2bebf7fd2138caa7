package io.seqmia.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CausalityTest {

  private static final int VOCAB = 30;
  private static final int TIME = 8;
  private static final int EMBEDDING = 16;

  @Test
  void changingALaterItemLeavesEarlierLogitsUnchanged() {
    Engine.getInstance().setRandomSeed(3);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      SequenceRecommender model = new SequenceRecommender(VOCAB, EMBEDDING, 2, 2, 32, TIME, 0f);
      model.initialize(manager, DataType.FLOAT32, new Shape(1, TIME), new Shape(1, TIME));
      long[] tokens = {1, 5, 9, 12, 7, 20, 4, 11};
      long[] changed = tokens.clone();
      int position = 5;
      changed[position] = 25;

      float[][] a = logits(manager, model, tokens);
      float[][] b = logits(manager, model, changed);
      for (int t = 0; t < position; t++) {
        assertArrayEquals(a[t], b[t], 1e-6f, "position " + t + " saw a later item");
      }
      for (int t = position; t < TIME; t++) {
        assertFalse(Arrays.equals(a[t], b[t]), "position " + t + " should see the changed item");
      }
    }
  }

  @Test
  void outputsOnlyTheRequestedRealRows() {
    Engine.getInstance().setRandomSeed(4);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      SequenceRecommender model = new SequenceRecommender(VOCAB, EMBEDDING, 2, 1, 32, TIME, 0f);
      model.initialize(manager, DataType.FLOAT32, new Shape(1, TIME), new Shape(1, TIME));
      NDArray tokens = manager.create(new long[] {1, 5, 9, 0, 1, 7, 0, 0}, new Shape(2, 4));
      NDArray rows = manager.create(new long[] {0, 1, 2, 4, 5});
      NDArray out = model.forward(new ParameterStore(manager, false), new NDList(tokens, rows), false)
          .singletonOrThrow();
      assertEquals(new Shape(5, VOCAB), out.getShape());
      // Padding after a sequence must not change its logits (causal + right padding).
      float[][] alone = logits(manager, model, new long[] {1, 7});
      assertArrayEquals(alone[1], out.get(4).toFloatArray(), 1e-5f);
    }
  }

  private static float[][] logits(NDManager manager, SequenceRecommender model, long[] tokens) {
    try (NDManager m = manager.newSubManager()) {
      NDArray input = m.create(tokens, new Shape(1, tokens.length));
      long[] rows = new long[tokens.length];
      Arrays.setAll(rows, i -> i);
      NDArray out = model.forward(new ParameterStore(m, false), new NDList(input, m.create(rows)), false)
          .singletonOrThrow();
      float[][] result = new float[tokens.length][];
      for (int t = 0; t < tokens.length; t++) {
        result[t] = out.get(t).toFloatArray();
      }
      return result;
    }
  }
}
