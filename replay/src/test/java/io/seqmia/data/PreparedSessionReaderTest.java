package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

class PreparedSessionReaderTest {

  static final String GOOD = """
      SessionId\tItemId\tTime
      1\t214536502\t1396860669.277
      1\t214536506\t1396860886.998
      3\t214716935\t1396437466.94
      3\t214832672\t1396438212
      """;

  @TempDir Path dir;

  private List<ClickEvent> read(Path file, List<Rejection> rejections) {
    return ReaderFixtures.drain(ClickReaders.open(file, ClickFormat.PREPARED), rejections);
  }

  @Test
  void readsTheHeaderedFormatWithFractionalSeconds() throws IOException {
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = read(Files.writeString(dir.resolve("train.txt"), GOOD), rejections);
    assertTrue(rejections.isEmpty(), rejections.toString());
    assertEquals(4, events.size());
    ClickEvent first = events.get(0);
    assertEquals("1", first.sessionId());
    assertEquals("214536502", first.itemId());
    assertNull(first.userId());
    assertNull(first.category());
    assertEquals(Instant.parse("2014-04-07T08:51:09.277Z"), first.eventTime());
    assertEquals(2, first.lineNumber(), "the header is line 1");
    assertEquals(Instant.parse("2014-04-02T11:17:46.940Z"), events.get(2).eventTime(), ".94 is 940 ms");
    assertEquals(Instant.parse("2014-04-02T11:30:12Z"), events.get(3).eventTime(), "whole seconds");
  }

  @Test
  void findsColumnsByNameAndReadsTheUser() throws IOException {
    String text = "Time\tUserId\tItemId\tSessionId\n1396860669.5\tu7\t42\ts1\n1396860670\t\t43\ts1\n";
    List<ClickEvent> events = read(Files.writeString(dir.resolve("cols.txt"), text), new ArrayList<>());
    assertEquals(2, events.size());
    assertEquals("s1", events.get(0).sessionId());
    assertEquals("42", events.get(0).itemId());
    assertEquals("u7", events.get(0).userId());
    assertEquals(1396860669500L, events.get(0).eventTimeMillis());
    assertNull(events.get(1).userId(), "an empty user is no user");
  }

  @Test
  void readsAHeaderlessFileInTheDefaultColumnOrder() throws IOException {
    List<ClickEvent> events =
        read(Files.writeString(dir.resolve("noheader.txt"), "5\t9\t100.0004\n5\t8\t100.0005\n"), new ArrayList<>());
    assertEquals(List.of(100_000L, 100_001L), events.stream().map(ClickEvent::eventTimeMillis).toList(),
        "fractions beyond milliseconds round half up");
  }

  @Test
  void reportsMalformedLinesAndKeepsReading() throws IOException {
    String text = String.join("\n",
        "SessionId\tItemId\tTime",          // 1 header
        "1\t10\t1396860669.277",            // 2 good
        "1\t10",                            // 3 two fields
        "1\t11\tnoon",                      // 4 bad time
        "\t11\t1396860669",                 // 5 empty session
        "2\t\t1396860669",                  // 6 empty item
        "",                                 // 7 blank: skipped
        "2\t12\t1.3968606692E9",            // 8 good, exponent notation
        "2,12,1396860669");                 // 9 commas: one field
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = read(Files.writeString(dir.resolve("mixed.txt"), text), rejections);
    assertEquals(List.of(2L, 8L), events.stream().map(ClickEvent::lineNumber).toList());
    assertEquals(1396860669200L, events.get(1).eventTimeMillis());
    assertEquals(List.of(3L, 4L, 5L, 6L, 9L), rejections.stream().map(Rejection::line).toList());
    assertEquals("expected 3 tab-separated fields, got 2", rejections.get(0).reason());
    assertEquals("1\t10", rejections.get(0).raw());
    assertTrue(rejections.get(1).reason().startsWith("bad time 'noon'"), rejections.get(1).reason());
    assertEquals("empty session id", rejections.get(2).reason());
    assertEquals("empty item id", rejections.get(3).reason());
    assertEquals("expected 3 tab-separated fields, got 1", rejections.get(4).reason());
  }

  @Test
  void readsGzip() throws IOException {
    Path file = ReaderFixtures.gzip(dir.resolve("train.txt.gz"), GOOD);
    List<ClickEvent> events = read(file, new ArrayList<>());
    assertEquals(4, events.size());
    assertEquals("214832672", events.get(3).itemId());
  }

  @Test
  void secondsToMillis() {
    assertEquals(1396860669277L, PreparedSessionReader.secondsToMillis("1396860669.277"));
    assertEquals(1396860669270L, PreparedSessionReader.secondsToMillis("1396860669.27"));
    assertEquals(1396860669000L, PreparedSessionReader.secondsToMillis("1396860669."));
    assertEquals(500L, PreparedSessionReader.secondsToMillis(".5"));
    assertEquals(1000L, PreparedSessionReader.secondsToMillis("0.9996"));
    assertThrows(NumberFormatException.class, () -> PreparedSessionReader.secondsToMillis(""));
    assertThrows(NumberFormatException.class, () -> PreparedSessionReader.secondsToMillis("1.2.3"));
  }
}
