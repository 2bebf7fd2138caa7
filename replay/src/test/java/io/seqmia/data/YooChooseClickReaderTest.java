package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.Click;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YooChooseClickReaderTest {

  record Rejection(long line, String raw, String reason) {}

  static final String GOOD = """
      1,2014-04-07T10:51:09.277Z,214536502,0
      1,2014-04-07T10:54:46.998Z,214536506,S
      2,2014-04-07T13:56:37.614Z,214662742,12
      2,2014-04-07T13:57:19.373Z,214662742,2053105423
      """;

  @TempDir Path dir;

  private List<ClickEvent> readAll(Path file, List<Rejection> rejections) {
    try (YooChooseClickReader reader =
        YooChooseClickReader.open(file, (n, raw, reason) -> rejections.add(new Rejection(n, raw, reason)))) {
      List<ClickEvent> events = new ArrayList<>();
      reader.forEach(events::add);
      assertEquals(events.size() + reader.rejected(), reader.linesRead(), "read == returned + rejected");
      assertEquals(rejections.size(), reader.rejected());
      return events;
    }
  }

  @Test
  void readsGoodLines() throws IOException {
    Path file = Files.writeString(dir.resolve("clicks.dat"), GOOD);
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = readAll(file, rejections);

    assertEquals(4, events.size());
    assertTrue(rejections.isEmpty());
    ClickEvent first = events.get(0);
    assertEquals("1", first.sessionId());
    assertNull(first.userId());
    assertEquals("214536502", first.itemId());
    assertEquals(Instant.parse("2014-04-07T10:51:09.277Z").toEpochMilli(), first.eventTimeMillis());
    assertEquals(1, first.lineNumber());
    assertEquals(4, events.get(3).lineNumber());
  }

  @Test
  void keepsCategoriesAsStringsAndMapsZeroToMissing() throws IOException {
    Path file = Files.writeString(dir.resolve("clicks.dat"), GOOD);
    List<ClickEvent> events = readAll(file, new ArrayList<>());
    assertNull(events.get(0).category(), "0 means missing");
    assertEquals("S", events.get(1).category());
    assertEquals("12", events.get(2).category());
    assertEquals("2053105423", events.get(3).category(), "brand ids stay strings");
  }

  @Test
  void toAvroCarriesEveryField() throws IOException {
    Path file = Files.writeString(dir.resolve("clicks.dat"), GOOD);
    Click click = readAll(file, new ArrayList<>()).get(1).toAvro();
    assertEquals("1", click.getSessionId());
    assertNull(click.getUserId());
    assertEquals("214536506", click.getItemId());
    assertEquals("S", click.getCategory());
    assertEquals(Instant.parse("2014-04-07T10:54:46.998Z"), click.getEventTime());
  }

  @Test
  void reportsMalformedLinesAndKeepsReading() throws IOException {
    String longLine = "9," + "x".repeat(1000);
    String text = String.join("\n",
        "1,2014-04-07T10:51:09.277Z,214536502,0",      // 1 good
        "1,2014-04-07T10:51:09.277Z,214536502",        // 2 three fields
        "",                                            // 3 empty: skipped, not counted
        "2,yesterday,214536502,0",                     // 4 bad timestamp
        "x3,2014-04-07T10:51:09.277Z,214536502,0",     // 5 bad session id
        "3,2014-04-07T10:51:09.277Z,item,0",           // 6 bad item id
        "3,2014-04-07T10:51:09.277Z,214536502,Q",      // 7 bad category
        longLine,                                      // 8 too many... two fields, and long
        "4,2014-04-07T10:52:00.000Z,214536503,3\r",    // 9 good, CRLF
        "   ",                                         // 10 blank: skipped
        "5,2014-04-07T10:53:00Z,214536504,0");         // 11 good, no millis
    Path file = Files.writeString(dir.resolve("mixed.dat"), text);
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = readAll(file, rejections);

    assertEquals(List.of(1L, 9L, 11L), events.stream().map(ClickEvent::lineNumber).toList());
    assertEquals("3", events.get(1).category());
    assertEquals(List.of(2L, 4L, 5L, 6L, 7L, 8L), rejections.stream().map(Rejection::line).toList());
    assertEquals("expected 4 comma-separated fields, got 3", rejections.get(0).reason());
    assertEquals("1,2014-04-07T10:51:09.277Z,214536502", rejections.get(0).raw());
    assertEquals("bad timestamp 'yesterday'", rejections.get(1).reason());
    assertEquals("bad session id 'x3'", rejections.get(2).reason());
    assertEquals("bad item id 'item'", rejections.get(3).reason());
    assertEquals("bad category 'Q'", rejections.get(4).reason());
    assertEquals("expected 4 comma-separated fields, got 2", rejections.get(5).reason());
    assertEquals(RejectListener.MAX_RAW_TEXT, rejections.get(5).raw().length(), "raw text truncated");
    assertTrue(longLine.startsWith(rejections.get(5).raw()));
  }

  @Test
  void fieldCountsInRejectionsAreThoseOfSplit() throws IOException {
    // the reader finds the commas by hand; its field counts must stay what split(",", -1) counts
    List<String> lines = List.of("1,2,3,4,5", ",,,,", "1,2014-04-07T10:51:09.277Z,214536502,0,", ",1,2,3,4",
        "no commas", ",", "a,,b", " 1 , 2 , 3 , 4 , 5 ,, ");
    Path file = Files.writeString(dir.resolve("fields.dat"), String.join("\n", lines));
    List<Rejection> rejections = new ArrayList<>();
    assertEquals(List.of(), readAll(file, rejections));
    for (int i = 0; i < lines.size(); i++) {
      assertEquals("expected 4 comma-separated fields, got " + lines.get(i).strip().split(",", -1).length,
          rejections.get(i).reason(), lines.get(i));
    }
  }

  @Test
  void readsGzipByExtension() throws IOException {
    Path file = dir.resolve("clicks.dat.gz");
    gzip(file, GOOD);
    List<ClickEvent> events = readAll(file, new ArrayList<>());
    assertEquals(4, events.size());
    assertEquals("214662742", events.get(3).itemId());
  }

  @Test
  void readsGzipByMagicBytesWhateverTheName() throws IOException {
    Path file = dir.resolve("clicks-really-gzipped.dat");
    gzip(file, GOOD + "bad line\n");
    List<Rejection> rejections = new ArrayList<>();
    assertEquals(4, readAll(file, rejections).size());
    assertEquals(5, rejections.get(0).line());
  }

  @Test
  void emptyFileHasNoClicks() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.dat"), "\n\n");
    try (YooChooseClickReader reader = YooChooseClickReader.open(file)) {
      assertFalse(reader.hasNext());
      assertEquals(0, reader.linesRead());
    }
  }

  @Test
  void missingFileFailsWithItsPath() {
    Path missing = dir.resolve("nope.dat");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> YooChooseClickReader.open(missing));
    assertTrue(e.getMessage().contains("nope.dat"), e.getMessage());
  }

  private static void gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
