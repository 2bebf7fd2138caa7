package io.seqmia.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the DJL device of the target model: the first GPU when the PyTorch engine sees one, else the CPU.
 * The choice can be forced with the system property {@value #PROPERTY} or the environment variable
 * {@value #ENVIRONMENT} ({@code auto}, {@code cpu} or {@code gpu}); the property wins.
 */
public final class DeviceSelector {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);

  public static final String PROPERTY = "seqmia.trainer.device";
  public static final String ENVIRONMENT = "SEQMIA_TRAINER_DEVICE";
  public static final String AUTO = "auto";
  public static final String CPU = "cpu";
  public static final String GPU = "gpu";
  public static final String DEFAULT_MODE = AUTO;

  private DeviceSelector() {}

  /**
   * The pure selection rule. {@code mode} is auto/cpu/gpu (null or blank = auto); {@code gpuCount} is what
   * the engine reports. Asking for a GPU where there is none is a configuration error, not a silent CPU run.
   */
  public static Device select(String mode, int gpuCount) {
    String m = mode == null || mode.isBlank() ? DEFAULT_MODE : mode.trim().toLowerCase(Locale.ROOT);
    return switch (m) {
      case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
      case CPU -> Device.cpu();
      case GPU -> {
        if (gpuCount <= 0) {
          throw new IllegalArgumentException("device '" + GPU + "' requested (" + PROPERTY + "/" + ENVIRONMENT
              + ") but the PyTorch engine sees no GPU: install a CUDA libtorch (see docs/TRAINER.md) or use '"
              + AUTO + "' or '" + CPU + "'");
        }
        yield Device.gpu(0);
      }
      default -> throw new IllegalArgumentException("device must be '" + AUTO + "', '" + CPU + "' or '" + GPU
          + "' (" + PROPERTY + "/" + ENVIRONMENT + "), got '" + mode + "'");
    };
  }

  /** The mode from {@value #PROPERTY}, else {@value #ENVIRONMENT}, else {@value #DEFAULT_MODE}. */
  public static String configuredMode() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String env = System.getenv(ENVIRONMENT);
    return env == null || env.isBlank() ? DEFAULT_MODE : env;
  }

  /** Selects with the configured mode and the engine's GPU count, and logs the choice. */
  public static Device select() {
    String mode = configuredMode();
    int gpus = Engine.getInstance().getGpuCount();
    Device device = select(mode, gpus);
    LOG.info("target model device: {} (mode '{}', {} GPU(s) visible to {} {})", device, mode, gpus,
        Engine.getInstance().getEngineName(), Engine.getInstance().getVersion());
    return device;
  }
}
