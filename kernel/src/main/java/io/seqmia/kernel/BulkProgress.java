package io.seqmia.kernel;

import java.util.List;

/**
 * How far a bulk run got, as committed offset metadata says: the run emits the keys of its phases in order (each
 * phase in ascending key order, {@link String#compareTo}); {@code phase} is the phase it was in and {@code last}
 * the last key whose output is committed ({@code null}: none of that phase yet). {@link #DONE}: the run finished,
 * its closing records included.
 */
public record BulkProgress(String phase, String last) {

  public static final String DONE_WORD = "done";
  public static final BulkProgress DONE = new BulkProgress(DONE_WORD, null);

  public BulkProgress {
    if (phase == null || phase.isBlank() || phase.contains(":")) {
      throw new IllegalArgumentException("bulk phase must be a non-blank word without ':', got " + phase);
    }
  }

  /** The start of a phase: nothing of it done yet. */
  public static BulkProgress start(String phase) {
    return new BulkProgress(phase, null);
  }

  public boolean done() {
    return DONE_WORD.equals(phase);
  }

  /** {@code done}, or {@code <phase>:<last key>} ({@code <phase>:} before the phase's first key). */
  public String encode() {
    return done() ? DONE_WORD : phase + ":" + (last == null ? "" : last);
  }

  /** Reads {@link #encode()}'s form; null for null or a malformed string. */
  public static BulkProgress parse(String s) {
    if (s == null) {
      return null;
    }
    if (s.equals(DONE_WORD)) {
      return DONE;
    }
    int colon = s.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String last = s.substring(colon + 1);
    return new BulkProgress(s.substring(0, colon), last.isEmpty() ? null : last);
  }

  /**
   * Whether the output for {@code key} in {@code phase} is committed, the run's phases being {@code phases} in
   * order.
   */
  public boolean covers(String keyPhase, String key, List<String> phases) {
    if (done()) {
      return true;
    }
    int at = phases.indexOf(phase);
    int of = phases.indexOf(keyPhase);
    if (at < 0 || of < 0) {
      throw new IllegalArgumentException("unknown bulk phase " + (at < 0 ? phase : keyPhase) + "; phases " + phases);
    }
    return of < at || (of == at && last != null && key.compareTo(last) <= 0);
  }
}
