package io.seqmia.streams;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a sequence's membership split is a keyed hash of ({@code streams.split.by}). */
public enum SplitBy {
  /** The session id: every session draws its own split, so two sessions with the same items may differ. */
  SESSION("session"),
  /**
   * The item sequence: identical item sequences share a split (and whether the attacker knows it), so no
   * non-member is an exact copy of a member. docs/STREAMS.md, "Membership splits".
   */
  CONTENT("content");

  private final String configValue;

  SplitBy(String configValue) {
    this.configValue = configValue;
  }

  public String configValue() {
    return configValue;
  }

  /** The choice named by a config value; throws naming the accepted values otherwise. */
  public static SplitBy fromConfig(String value) {
    for (SplitBy s : values()) {
      if (s.configValue.equalsIgnoreCase(value.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(SplitBy::configValue)
        .collect(Collectors.joining(", ")) + ", got '" + value + "'");
  }
}
