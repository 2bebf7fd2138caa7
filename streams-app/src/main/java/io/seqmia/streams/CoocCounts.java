package io.seqmia.streams;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serde of one item's co-occurrence counts (neighbour item id to sessions shared), for the store. */
final class CoocCounts {

  private CoocCounts() {}

  static final Serde<Map<String, Long>> SERDE = Serdes.serdeFrom(
      (topic, m) -> m == null ? null : toBytes(m),
      (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

  static byte[] toBytes(Map<String, Long> counts) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + counts.size() * 24);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(counts.size());
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Long> fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int n = in.readInt();
      Map<String, Long> counts = new HashMap<>(n * 2 + 1);
      for (int i = 0; i < n; i++) {
        counts.put(in.readUTF(), in.readLong());
      }
      return counts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
