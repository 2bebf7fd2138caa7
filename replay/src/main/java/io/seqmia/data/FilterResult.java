package io.seqmia.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data set before and after a {@link SessionFilter}, and how much the filter removed.
 *
 * @param filter the rules applied
 * @param before the statistics of the unfiltered data
 * @param after the statistics of what the filter kept
 */
public record FilterResult(SessionFilter filter, DatasetStats before, DatasetStats after) {

  public long removedSessions() {
    return before.sessions() - after.sessions();
  }

  public long removedInteractions() {
    return before.interactions() - after.interactions();
  }

  public long removedItems() {
    return before.items() - after.items();
  }

  /**
   * For JSON: the filtered statistics under their usual keys, then {@code removedSessions},
   * {@code removedInteractions}, {@code removedItems}, the {@code filter} rules and the {@code unfiltered}
   * statistics as a nested object.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>(after.toMap());
    m.put("removedSessions", removedSessions());
    m.put("removedInteractions", removedInteractions());
    m.put("removedItems", removedItems());
    Map<String, Object> rules = new LinkedHashMap<>();
    rules.put("minSessionLength", filter.minSessionLength());
    rules.put("minItemSupport", filter.minItemSupport());
    m.put("filter", rules);
    m.put("unfiltered", before.toMap());
    return m;
  }
}
