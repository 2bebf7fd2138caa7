package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

  @Test
  void autoTakesTheGpuWhenThereIsOne() {
    assertEquals(Device.gpu(0), DeviceSelector.select("auto", 1));
    assertEquals(Device.gpu(0), DeviceSelector.select(null, 4));
    assertEquals(Device.gpu(0), DeviceSelector.select(" ", 2));
    assertEquals(Device.cpu(), DeviceSelector.select("auto", 0));
    assertEquals(Device.cpu(), DeviceSelector.select(null, 0));
  }

  @Test
  void overridesWin() {
    assertEquals(Device.cpu(), DeviceSelector.select("cpu", 8));
    assertEquals(Device.cpu(), DeviceSelector.select(" CPU ", 0));
    assertEquals(Device.gpu(0), DeviceSelector.select("gpu", 1));
  }

  @Test
  void impossibleOrUnknownModesFailClearly() {
    IllegalArgumentException noGpu = assertThrows(IllegalArgumentException.class, () -> DeviceSelector.select("gpu", 0));
    assertTrue(noGpu.getMessage().contains("sees no GPU"), noGpu.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> DeviceSelector.select("tpu", 1));
    assertTrue(bad.getMessage().contains("'tpu'") && bad.getMessage().contains(DeviceSelector.PROPERTY), bad.getMessage());
  }

  @Test
  void thisMachineSelectsWhatTheEngineSees() {
    // Surefire does not set the override, so the live selection follows the engine's GPU count.
    Device d = DeviceSelector.select();
    assertEquals(ai.djl.engine.Engine.getInstance().getGpuCount() > 0, d.isGpu());
  }
}
