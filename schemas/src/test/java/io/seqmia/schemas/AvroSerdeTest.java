package io.seqmia.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @Test
  void singleObjectEncodingRoundTrips() {
    ClickSequence seq = ClickSequence.newBuilder().setSequenceId("42").setSessionId("42")
        .setItemIds(List.of("a", "b")).setTimestamps(List.of(1L, 2L))
        .setVariant(SequenceVariant.ORIGINAL).setSplit(MembershipSplit.TARGET_MEMBER).build();
    byte[] bytes = Records.CLICK_SEQUENCE.serializer().serialize("t", seq);
    assertEquals((byte) 0xC3, bytes[0], "single-object marker");
    assertEquals((byte) 0x01, bytes[1], "single-object marker");
    assertEquals(seq, Records.CLICK_SEQUENCE.deserializer().deserialize("t", bytes));
  }

  @Test
  void aRecordOfAnotherTypeIsRejectedWithAClearError() {
    Click click = Click.newBuilder().setSessionId("1").setItemId("i").setEventTime(Instant.EPOCH).build();
    byte[] bytes = Records.CLICK.encode(click);
    SerializationException e = assertThrows(SerializationException.class,
        () -> Records.CLICK_SEQUENCE.decode(bytes));
    assertEquals(true, e.getMessage().startsWith("Cannot decode ClickSequence"));
  }

  @Test
  void topicNamesCarryThePrefix() {
    assertEquals("clicks", Topics.defaults().clicks().name());
    assertEquals("a.membership-verdicts", Topics.withPrefix("a.").membershipVerdicts().name());
    assertThrows(IllegalArgumentException.class, () -> Topics.withPrefix("bad prefix"));
  }
}
