package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.data.ReaderFixtures.Rejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigineticaReaderTest {

  static final String GOOD = """
      session_id;user_id;item_id;timeframe;eventdate
      1;NA;81766;526309;2016-05-09
      1;;31331;1031018;2016-05-09
      2;278;32118;0;2016-05-10
      """;

  @TempDir Path dir;

  @Test
  void eventTimeIsTheDayAtUtcMidnightPlusTheTimeframe() throws IOException {
    Path file = Files.writeString(dir.resolve("train-item-views.csv"), GOOD);
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = ReaderFixtures.drain(ClickReaders.open(file, ClickFormat.DIGINETICA), rejections);
    assertTrue(rejections.isEmpty(), rejections.toString());
    assertEquals(3, events.size());
    // 526309 ms = 8 min 46.309 s
    assertEquals(Instant.parse("2016-05-09T00:08:46.309Z"), events.get(0).eventTime());
    assertEquals(Instant.parse("2016-05-09T00:17:11.018Z"), events.get(1).eventTime());
    assertEquals(Instant.parse("2016-05-10T00:00:00Z"), events.get(2).eventTime());
    assertEquals("1", events.get(0).sessionId());
    assertEquals("81766", events.get(0).itemId());
    assertNull(events.get(0).userId(), "NA is no user");
    assertNull(events.get(1).userId(), "empty is no user");
    assertEquals("278", events.get(2).userId());
    assertNull(events.get(2).category());
    assertEquals(2, events.get(0).lineNumber());
  }

  @Test
  void reportsMalformedLinesAndKeepsReading() throws IOException {
    String text = String.join("\n",
        "session_id;user_id;item_id;timeframe;eventdate", // 1 header
        "1;NA;81766;526309;2016-05-09",                    // 2 good
        "1;NA;81766;526309",                               // 3 four fields
        "1;NA;81766;526309;2016-13-09",                    // 4 no month 13
        "1;NA;81766;526309;09/05/2016",                    // 5 wrong date layout
        "1;NA;81766;-5;2016-05-09",                        // 6 negative timeframe
        "s1;NA;81766;5;2016-05-09",                        // 7 bad session
        "1;NA;item;5;2016-05-09",                          // 8 bad item
        "3;NA;1;86400000;2016-02-29");                     // 9 good: a whole day later, leap year
    Path file = Files.writeString(dir.resolve("views.csv"), text);
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = ReaderFixtures.drain(ClickReaders.open(file, ClickFormat.DIGINETICA), rejections);
    assertEquals(List.of(2L, 9L), events.stream().map(ClickEvent::lineNumber).toList());
    assertEquals(Instant.parse("2016-03-01T00:00:00Z"), events.get(1).eventTime());
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), rejections.stream().map(Rejection::line).toList());
    assertEquals("expected 5 ';'-separated fields, got 4", rejections.get(0).reason());
    assertTrue(rejections.get(1).reason().startsWith("bad eventdate '2016-13-09'"), rejections.get(1).reason());
    assertTrue(rejections.get(2).reason().startsWith("bad eventdate '09/05/2016'"));
    assertTrue(rejections.get(3).reason().startsWith("bad timeframe '-5'"));
    assertEquals("bad session id 's1'", rejections.get(4).reason());
    assertEquals("bad item id 'item'", rejections.get(5).reason());
  }

  @Test
  void readsGzip() throws IOException {
    Path file = ReaderFixtures.gzip(dir.resolve("views.csv.gz"), GOOD);
    assertEquals(3, ReaderFixtures.drain(ClickReaders.open(file, null), new ArrayList<>()).size());
  }
}
