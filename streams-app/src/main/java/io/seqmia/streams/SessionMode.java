package io.seqmia.streams;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How clicks are grouped into sessions ({@code session.mode}). */
public enum SessionMode {
  /** All clicks of one session id form one sequence (YooChoose, Diginetica, prepared files). */
  SESSION_ID("session-id"),
  /**
   * Clicks keyed by user id are cut into sessions where the event-time gap between consecutive clicks
   * exceeds {@code session.gap.ms} (MovieLens; replay with {@code --key user}).
   */
  USER_GAP("user-gap");

  private final String configValue;

  SessionMode(String configValue) {
    this.configValue = configValue;
  }

  public String configValue() {
    return configValue;
  }

  /** The mode named by a config value; throws naming the accepted values otherwise. */
  public static SessionMode fromConfig(String value) {
    for (SessionMode m : values()) {
      if (m.configValue.equalsIgnoreCase(value.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(SessionMode::configValue)
        .collect(Collectors.joining(", ")) + ", got '" + value + "'");
  }
}
