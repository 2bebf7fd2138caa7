package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  @Test
  void agreesWithInstantParseOnRandomInstantsAndFractions() {
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      long millis = (long) (random.nextDouble() * 8_000_000_000_000L) - 1_000_000_000_000L; // 1938..2223
      String text = Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000)).toString();
      assertEquals(Instant.parse(text).toEpochMilli(), IsoInstants.parseMillis(text), text);
    }
  }

  @Test
  void edgeCasesMatchInstantParse() {
    for (String text : new String[] {"2014-04-07T10:51:09.277Z", "2014-04-07T10:51:09Z", "2014-04-07T10:51:09.2Z",
        "2014-04-07T10:51:09.123456789Z", "2016-02-29T23:59:59.999Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "2014-04-07T10:51:09+02:00",
        "2014-04-07T24:00:00Z", "2014-04-07T10:51:09.Z"}) {
      assertEquals(Instant.parse(text).toEpochMilli(), IsoInstants.parseMillis(text), text);
    }
  }

  @Test
  void badTextFailsAsInstantParseDoes() {
    for (String text : new String[] {"2014-13-07T10:51:09.277Z", "2015-02-29T10:51:09Z",
        "2014-04-07T10:51:09.1234567890Z", "2014-04-07 10:51:09Z", "2014-04-O7T10:51:09Z",
        "2014-04-07T10:51:09", ""}) {
      assertThrows(DateTimeParseException.class, () -> IsoInstants.parseMillis(text), text);
    }
  }
}
