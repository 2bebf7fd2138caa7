package io.seqmia.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The end-of-replay marker the replay tool writes into every partition of {@code clicks} after its last
 * click: key {@link #KEY}, null value, and the headers below. A topology only sees its own partitions
 * and only moves event time forward on new records, so this record is what tells each task that no more
 * clicks are coming and its open sessions can be closed.
 */
public final class FlushMarker {

  public static final String KEY = "__seqmia_flush__";
  public static final String CONTROL_HEADER = "seqmia.control";
  public static final String RUN_ID_HEADER = "seqmia.run-id";
  public static final String END_OF_REPLAY = ControlType.END_OF_REPLAY.name();

  private FlushMarker() {}

  public static Headers headers(String runId) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CONTROL_HEADER, END_OF_REPLAY.getBytes(StandardCharsets.UTF_8));
    headers.add(RUN_ID_HEADER, runId.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  public static boolean isFlushMarker(Headers headers) {
    Header h = headers == null ? null : headers.lastHeader(CONTROL_HEADER);
    return h != null && END_OF_REPLAY.equals(new String(h.value(), StandardCharsets.UTF_8));
  }

  /** The run id of a flush marker, or "unknown". */
  public static String runId(Headers headers) {
    Header h = headers == null ? null : headers.lastHeader(RUN_ID_HEADER);
    return h == null ? "unknown" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
