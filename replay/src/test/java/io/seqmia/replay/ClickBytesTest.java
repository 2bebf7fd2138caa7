package io.seqmia.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqmia.data.ClickEvent;
import io.seqmia.schemas.Records;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replay's own click writer gives exactly Avro's single-object bytes, and Avro reads them back. */
class ClickBytesTest {

  private static String text(Random random, int maxLength) {
    String alphabet = "0123456789abcdefXYZ_-:é€𝄞";
    StringBuilder s = new StringBuilder();
    int length = 1 + random.nextInt(maxLength);
    while (s.length() < length) {
      int start = random.nextInt(alphabet.length());
      int cp = alphabet.codePointAt(Character.isLowSurrogate(alphabet.charAt(start)) ? start - 1 : start);
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  @Test
  void sameBytesAsAvroOnRandomClicks() {
    Random random = new Random(17);
    ClickBytes writer = new ClickBytes();
    long[] times = {0, 1, -1, 63, 64, -65, Long.MAX_VALUE, Long.MIN_VALUE, 1_396_867_869_277L};
    for (int i = 0; i < 20_000; i++) {
      String session = i % 3 == 0 ? Long.toString(random.nextLong() & Long.MAX_VALUE) : text(random, 30);
      String user = random.nextInt(4) == 0 ? null : text(random, 12);
      String item = i % 7 == 0 ? text(random, 300) : Integer.toString(random.nextInt(Integer.MAX_VALUE));
      String category = random.nextBoolean() ? null : text(random, 10);
      long time = i < times.length ? times[i] : random.nextLong();
      ClickEvent e = new ClickEvent(session, user, item, category, time, i + 1);
      byte[] expected = Records.CLICK.encode(e.toAvro());
      byte[] actual = writer.encode(e);
      assertArrayEquals(expected, actual, e.toString());
      assertEquals(e.toAvro(), Records.CLICK.decode(actual));
    }
  }
}
