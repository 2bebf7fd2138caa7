package io.seqmia.attacker;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** In-memory copies of a block's weights, for early stopping: keep the best epoch's, restore them at the end. */
public final class ParameterSnapshot {

  private ParameterSnapshot() {}

  /** @param what names the model in the error, e.g. "the attack model" */
  public static byte[] take(Block block, String what) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not snapshot " + what + "'s weights", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Loads a snapshot into the model's block; null does nothing (no epoch improved). Call it with no trainer of
   * the model open: a trainer caches the arrays.
   */
  public static void restore(Model model, byte[] parameters, String what) {
    if (parameters == null) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
      model.getBlock().loadParameters(model.getNDManager(), in);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException("could not restore " + what + "'s best weights", e);
    }
  }
}
