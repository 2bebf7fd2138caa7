package io.seqmia.attacker;

import io.seqmia.schemas.ControlAttributes;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.ScoreVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index-to-item mappings the trainer publishes once per model version (VOCABULARY control events, since
 * ScoreVector v3): a vector's {@code topItemIndices} are indices into its model's vocabulary. Slices may come twice
 * (a resumed bulk run sends them again); each index keeps one item.
 */
public final class Vocabularies {

  /** VOCABULARY attributes: the model version, and the vocabulary index of the slice's first item. */
  public static final String MODEL_VERSION = ControlAttributes.MODEL_VERSION;
  public static final String FROM = ControlAttributes.FROM;

  private final Map<String, Map<Integer, String>> byVersion = new HashMap<>();
  private final Map<String, Long> sizes = new HashMap<>();

  /** Takes a VOCABULARY event (anything else is ignored). */
  public void accept(ControlEvent e) {
    if (e.getType() != ControlType.VOCABULARY) {
      return;
    }
    String version = e.getAttributes().get(MODEL_VERSION);
    String from = e.getAttributes().get(FROM);
    if (version == null || from == null || e.getCount() == null) {
      return;
    }
    Map<Integer, String> items = byVersion.computeIfAbsent(version, v -> new HashMap<>());
    int first = Integer.parseInt(from.trim());
    for (int i = 0; i < e.getItems().size(); i++) {
      items.put(first + i, e.getItems().get(i));
    }
    sizes.put(version, e.getCount());
  }

  /** Whether every item of that version's vocabulary arrived. */
  public boolean complete(String version) {
    Long size = sizes.get(version);
    return size != null && byVersion.get(version).size() >= size;
  }

  /**
   * Fills {@code topItems} from {@code topItemIndices} where a vector has indices only and its model's mapping is
   * complete; returns the vectors still without item ids (their mapping is missing).
   */
  public List<ScoreVector> resolve(List<ScoreVector> vectors) {
    List<ScoreVector> unresolved = new ArrayList<>();
    for (ScoreVector v : vectors) {
      if (!v.getTopItems().isEmpty() || v.getTopItemIndices().isEmpty()) {
        continue;
      }
      if (!complete(v.getModelVersion())) {
        unresolved.add(v);
        continue;
      }
      Map<Integer, String> items = byVersion.get(v.getModelVersion());
      List<String> ids = new ArrayList<>(v.getTopItemIndices().size());
      for (int index : v.getTopItemIndices()) {
        ids.add(items.getOrDefault(index, "<unknown:" + index + ">"));
      }
      v.setTopItems(ids);
    }
    return unresolved;
  }

  /**
   * Whether the target of {@code version} saw every item a vector scores (its {@code items}), or null while that
   * version's vocabulary is incomplete (then no in-vocabulary rows are reported).
   */
  public java.util.function.Predicate<ScoreVector> inVocabulary(String version) {
    if (!complete(version)) {
      return null;
    }
    java.util.Set<String> seen = new java.util.HashSet<>(byVersion.get(version).values());
    return v -> seen.containsAll(v.getItems());
  }

  /** Forgets a version's mapping (its vectors were decided). */
  public void release(String version) {
    byVersion.remove(version);
    sizes.remove(version);
  }
}
