package io.seqmia.trainer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the trainer's committed offsets on {@code click-sequences} mean: every sequence below them has been
 * scored under {@code modelVersion} (and its shadow-side ones under {@code shadowModelVersion}). The versions
 * travel as the offsets' metadata, committed in the same transaction as the score vectors, so the offsets
 * and the checkpoint they name can never disagree about what was scored.
 *
 * @param shadowModelVersion null when no shadow model scored
 */
public record ScoredOffsets(String modelVersion, String shadowModelVersion, Map<TopicPartition, Long> offsets) {

  /** Prefix of the metadata string: a format version, so a later layout can be told apart. */
  static final String FORMAT = "seqmia-scored-v1";
  private static final String TARGET = "target=";
  private static final String SHADOW = "shadow=";

  public ScoredOffsets {
    if (modelVersion == null || modelVersion.isBlank() || modelVersion.contains(";")) {
      throw new IllegalArgumentException("model version must be non-blank and free of ';', got " + modelVersion);
    }
    offsets = Map.copyOf(offsets);
  }

  /** The offset metadata string: {@code seqmia-scored-v1;target=<version>;shadow=<version or empty>}. */
  public String metadata() {
    return FORMAT + ";" + TARGET + modelVersion + ";" + SHADOW + (shadowModelVersion == null ? "" : shadowModelVersion);
  }

  /**
   * Reads committed offsets; null when none were committed or none carries this format (e.g. offsets
   * committed by something else under the same group id, which are then ignored).
   */
  public static ScoredOffsets of(Map<TopicPartition, OffsetAndMetadata> committed) {
    String target = null;
    String shadow = null;
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
      OffsetAndMetadata om = e.getValue();
      if (om == null) {
        continue;
      }
      String[] parts = om.metadata() == null ? new String[0] : om.metadata().split(";", -1);
      if (parts.length != 3 || !parts[0].equals(FORMAT) || !parts[1].startsWith(TARGET)
          || !parts[2].startsWith(SHADOW) || parts[1].length() == TARGET.length()) {
        continue;
      }
      String t = parts[1].substring(TARGET.length());
      String s = parts[2].substring(SHADOW.length());
      if (target != null && !target.equals(t)) {
        // Every commit covers all partitions at once, so this only happens if the group id is shared.
        throw new IllegalStateException("committed offsets name two model versions (" + target + " and " + t
            + "); is the trainer's group id shared with another trainer?");
      }
      target = t;
      shadow = s.isEmpty() ? null : s;
      offsets.put(e.getKey(), om.offset());
    }
    return target == null ? null : new ScoredOffsets(target, shadow, offsets);
  }
}
