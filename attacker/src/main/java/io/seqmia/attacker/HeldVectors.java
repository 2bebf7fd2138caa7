package io.seqmia.attacker;

import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The target vectors the attacker holds until they are decided, per model version: every vector as a compact row
 * ({@link Held}: a float array and a few fields, about 0.5 KB for the default layout), plus the full vectors of a
 * bounded seeded sample ({@link VectorSample}, {@code attacker.eval.max}) for training and evaluating the attacks.
 * A version is {@link #release released} once its verdicts are committed; later vectors of it are not held.
 */
final class HeldVectors {

  /** One held target vector: what a verdict needs. {@code row} is null when its features are unusable. */
  record Held(String sequenceId, String modelVersion, float[] row, SequenceVariant variant, Boolean member,
      long producedAt, TopicPartition partition, long offset) {}

  private static final class Version {
    final LinkedHashMap<String, Held> all = new LinkedHashMap<>();
    final VectorSample sample;
    FeatureMatrix columns;

    Version(VectorSample sample) {
      this.sample = sample;
    }
  }

  private final int sampleMax;
  private final long seed;
  private final Map<String, Version> versions = new HashMap<>();
  private final Set<String> released = new HashSet<>();

  HeldVectors(int sampleMax, long seed) {
    this.sampleMax = sampleMax;
    this.seed = seed;
  }

  /** The compact form of a vector (its row in the version's column order), not held. */
  Held compact(ScoreVector v, TopicPartition partition, long offset) {
    Version version = versions.get(v.getModelVersion());
    FeatureMatrix columns = version != null && version.columns != null ? version.columns : null;
    float[] row;
    try {
      row = (columns != null ? columns : FeatureMatrix.of(v)).row(v);
    } catch (IllegalArgumentException e) {
      row = null;
    }
    long produced = v.getSequenceTime() != null ? v.getSequenceTime() : v.getScoredAt().toEpochMilli();
    return new Held(v.getSequenceId(), v.getModelVersion(), row, v.getVariant(), v.getMember(), produced, partition,
        offset);
  }

  /** Holds the vector (replacing a re-sent id's); false when its version was released (decided already). */
  boolean hold(ScoreVector v, TopicPartition partition, long offset) {
    if (released.contains(v.getModelVersion())) {
      return false;
    }
    Version version = versions.computeIfAbsent(v.getModelVersion(), k -> new Version(AttackSample.targetSample(
        sampleMax, seed)));
    if (version.columns == null) {
      try {
        version.columns = FeatureMatrix.of(v);
      } catch (IllegalArgumentException e) {
        // an unusable first vector: the next one sets the columns
      }
    }
    version.all.put(v.getSequenceId(), compact(v, partition, offset));
    version.sample.offer(v);
    return true;
  }

  boolean released(String version) {
    return released.contains(version);
  }

  int size(String version) {
    Version v = versions.get(version);
    return v == null ? 0 : v.all.size();
  }

  /** Every held vector of the version in sequence-id order. */
  List<Held> sorted(String version) {
    Version v = versions.get(version);
    List<Held> out = v == null ? new ArrayList<>() : new ArrayList<>(v.all.values());
    out.sort(Comparator.comparing(Held::sequenceId));
    return out;
  }

  /** The version's sample, full vectors in sequence-id order. */
  List<ScoreVector> sample(String version) {
    Version v = versions.get(version);
    return v == null ? List.of() : v.sample.vectors();
  }

  /** The column order of the version's rows, or null when none of its vectors was usable. */
  FeatureMatrix columns(String version) {
    Version v = versions.get(version);
    return v == null ? null : v.columns;
  }

  /** Drops the version's vectors: they are decided. Vectors of it read later are not held. */
  void release(String version) {
    versions.remove(version);
    released.add(version);
  }
}
