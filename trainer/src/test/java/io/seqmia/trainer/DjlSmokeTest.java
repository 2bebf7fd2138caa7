package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DjlSmokeTest {
  @Test
  void pytorchEngineRunsOffline() {
    assertEquals("PyTorch", Engine.getInstance().getEngineName());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.arange(6f).reshape(2, 3);
      assertEquals(15f, a.sum().getFloat(), 1e-6);
    }
  }
}
