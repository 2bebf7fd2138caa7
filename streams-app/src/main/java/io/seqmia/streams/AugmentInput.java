package io.seqmia.streams;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.Records;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the sessionizer tasks send to the single augmenter task (internal repartition topic, and the
 * augmenter's buffer store): an ORIGINAL sequence, or the notice that a clicks partition was flushed
 * (a {@link ControlEvent} SESSIONS_FLUSHED as the sessionizer saw it). Both carry the clicks partition
 * they came from, so the augmenter can count per partition. Wire form: tag byte, partition int, Avro bytes.
 */
record AugmentInput(int partition, ClickSequence sequence, ControlEvent flushNotice) {

  private static final byte SEQUENCE = 'S';
  private static final byte FLUSH = 'F';

  static AugmentInput sequence(int partition, ClickSequence original) {
    return new AugmentInput(partition, original, null);
  }

  static AugmentInput flush(int partition, ControlEvent notice) {
    return new AugmentInput(partition, null, notice);
  }

  boolean isFlush() {
    return flushNotice != null;
  }

  static final Serde<AugmentInput> SERDE = Serdes.serdeFrom(
      (topic, in) -> in == null ? null : toBytes(in),
      (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

  static byte[] toBytes(AugmentInput in) {
    byte[] payload = in.isFlush() ? Records.CONTROL_EVENT.encode(in.flushNotice) : Records.CLICK_SEQUENCE.encode(in.sequence);
    return ByteBuffer.allocate(5 + payload.length).put(in.isFlush() ? FLUSH : SEQUENCE).putInt(in.partition)
        .put(payload).array();
  }

  static AugmentInput fromBytes(byte[] bytes) {
    if (bytes.length < 5) {
      throw new SerializationException("augment input of " + bytes.length + " bytes is too short");
    }
    int partition = ByteBuffer.wrap(bytes, 1, 4).getInt();
    byte[] payload = Arrays.copyOfRange(bytes, 5, bytes.length);
    return switch (bytes[0]) {
      case SEQUENCE -> sequence(partition, Records.CLICK_SEQUENCE.decode(payload));
      case FLUSH -> flush(partition, Records.CONTROL_EVENT.decode(payload));
      default -> throw new SerializationException("unknown augment input tag " + bytes[0]);
    };
  }
}
