package io.seqmia.trainer;

import io.seqmia.kernel.BulkProgress;
import io.seqmia.kernel.OffsetMetadata;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the trainer's committed offsets on {@code click-sequences} mean. Every sequence below them belongs to the
 * bulk run of {@code modelVersion} (target side) and {@code shadowModelVersion} (shadow side) started by run
 * {@code runId}; {@code progress} says how far that run's committed chunks got: {@link BulkProgress#DONE} means
 * every one of them is scored (SCORING_COMPLETE included), {@code target:<id>} / {@code shadow:<id>} that the
 * target-side sequences (then the shadow-side ones) are scored in sequence-id order up to {@code <id>}. The
 * metadata is committed in the same transaction as the vectors it covers, so the two never disagree.
 *
 * <p>Format {@value #FORMAT}: {@code seqmia-scored-v2;target=<v>;shadow=<v or empty>;run=<id>;bulk=<progress>}
 * (URL-encoded values). The earlier {@value #FORMAT_V1} ({@code seqmia-scored-v1;target=<v>;shadow=<v>}, written
 * when a bulk run was a single transaction) is still read, as a finished run.
 *
 * @param shadowModelVersion null when no shadow model scored
 * @param runId null when read from the v1 format
 */
public record ScoredOffsets(String modelVersion, String shadowModelVersion, String runId, BulkProgress progress,
    Map<TopicPartition, Long> offsets) {

  static final String FORMAT = "seqmia-scored-v2";
  static final String FORMAT_V1 = "seqmia-scored-v1";
  /** Bulk phases in the order a run scores them. */
  static final String PHASE_TARGET = ModelRoles.wireName(ModelRole.TARGET);
  static final String PHASE_SHADOW = ModelRoles.wireName(ModelRole.SHADOW);
  static final List<String> PHASES = List.of(PHASE_TARGET, PHASE_SHADOW);

  public ScoredOffsets {
    if (modelVersion == null || modelVersion.isBlank() || modelVersion.contains(";")) {
      throw new IllegalArgumentException("model version must be non-blank and free of ';', got " + modelVersion);
    }
    if (progress == null) {
      throw new IllegalArgumentException("bulk progress must not be null");
    }
    offsets = Map.copyOf(offsets);
  }

  /** A finished run (the form before bulk runs were chunked). */
  public ScoredOffsets(String modelVersion, String shadowModelVersion, Map<TopicPartition, Long> offsets) {
    this(modelVersion, shadowModelVersion, null, BulkProgress.DONE, offsets);
  }

  public String metadata() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("target", modelVersion);
    f.put("shadow", shadowModelVersion == null ? "" : shadowModelVersion);
    f.put("run", runId == null ? "" : runId);
    f.put("bulk", progress.encode());
    return OffsetMetadata.format(FORMAT, f);
  }

  /**
   * Reads committed offsets; null when none were committed or none carries one of our formats (e.g. offsets
   * committed by something else under the same group id, which are then ignored).
   */
  public static ScoredOffsets of(Map<TopicPartition, OffsetAndMetadata> committed) {
    ScoredOffsets first = null;
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
      OffsetAndMetadata om = e.getValue();
      ScoredOffsets read = om == null ? null : parse(om.metadata());
      if (read == null) {
        continue;
      }
      if (first != null && !first.modelVersion.equals(read.modelVersion)) {
        // Every commit covers all partitions at once, so this only happens if the group id is shared.
        throw new IllegalStateException("committed offsets name two model versions (" + first.modelVersion + " and "
            + read.modelVersion + "); is the trainer's group id shared with another trainer?");
      }
      first = first == null ? read : first;
      offsets.put(e.getKey(), om.offset());
    }
    return first == null ? null
        : new ScoredOffsets(first.modelVersion, first.shadowModelVersion, first.runId, first.progress, offsets);
  }

  private static ScoredOffsets parse(String metadata) {
    Map<String, String> v2 = OffsetMetadata.parse(FORMAT, metadata);
    if (v2 != null) {
      String target = v2.get("target");
      BulkProgress progress = BulkProgress.parse(v2.get("bulk"));
      if (target == null || target.isEmpty() || target.contains(";") || progress == null) {
        return null;
      }
      return new ScoredOffsets(target, blankToNull(v2.get("shadow")), blankToNull(v2.get("run")), progress, Map.of());
    }
    String[] parts = metadata == null ? new String[0] : metadata.split(";", -1);
    if (parts.length != 3 || !parts[0].equals(FORMAT_V1) || !parts[1].startsWith("target=")
        || !parts[2].startsWith("shadow=") || parts[1].length() == "target=".length()) {
      return null;
    }
    return new ScoredOffsets(parts[1].substring("target=".length()), blankToNull(parts[2].substring("shadow=".length())),
        Map.of());
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
