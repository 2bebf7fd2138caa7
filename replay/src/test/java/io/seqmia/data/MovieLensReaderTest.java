package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.data.ReaderFixtures.Rejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReaderTest {

  static final long T = 1_000_000_000L; // unix seconds
  static final long MIN = 60;

  /**
   * User 1, out of time order in the file: T, T+10m, T+40m (exactly 30 min after T+10m: same session),
   * T+75m (35 min later: new session), T+80m, and a day later (new session). User 2: one rating.
   */
  static final String CSV = "userId,movieId,rating,timestamp\n"
      + "1,300," + "4.0," + (T + 75 * MIN) + "\n"
      + "1,100,3.5," + T + "\n"
      + "1,500,5.0," + (T + 86_400) + "\n"
      + "1,200,1.0," + (T + 10 * MIN) + "\n"
      + "1,250,2.5," + (T + 40 * MIN) + "\n"
      + "1,400,0.5," + (T + 80 * MIN) + "\n"
      + "2,100,3.0," + T + "\n";

  @TempDir Path dir;

  private static String sessionsAndItems(List<ClickEvent> events) {
    StringBuilder s = new StringBuilder();
    for (ClickEvent e : events) {
      s.append(e.sessionId()).append(':').append(e.itemId()).append(' ');
    }
    return s.toString().strip();
  }

  @Test
  void cutsEachUsersHistoryBy30MinutesOfInactivity() throws IOException {
    Path file = Files.writeString(dir.resolve("ratings.csv"), CSV);
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = ReaderFixtures.drain(ClickReaders.open(file, ClickFormat.MOVIELENS_CSV), rejections);
    assertTrue(rejections.isEmpty(), rejections.toString());
    assertEquals("1-1:100 1-1:200 1-1:250 1-2:300 1-2:400 1-3:500 2-1:100", sessionsAndItems(events));
    assertEquals("1", events.get(0).userId());
    assertEquals("2", events.get(6).userId());
    assertNull(events.get(0).category());
    assertEquals(T * 1000, events.get(0).eventTimeMillis());
    assertEquals(3, events.get(0).lineNumber(), "each click keeps its own line");
    assertEquals(8, events.get(6).lineNumber());
  }

  @Test
  void theGapIsConfigurable() throws IOException {
    Path file = Files.writeString(dir.resolve("ratings.csv"), CSV);
    try (ClickReader reader = ClickReaders.open(file, ClickFormat.MOVIELENS_CSV, RejectListener.NONE,
        Duration.ofMinutes(10))) {
      List<ClickEvent> events = ReaderFixtures.drain(reader, new ArrayList<>());
      assertEquals("1-1:100 1-1:200 1-2:250 1-3:300 1-3:400 1-4:500 2-1:100", sessionsAndItems(events));
    }
    try (ClickReader reader = ClickReaders.open(file, ClickFormat.MOVIELENS_CSV, RejectListener.NONE,
        Duration.ofDays(2))) {
      List<ClickEvent> events = ReaderFixtures.drain(reader, new ArrayList<>());
      assertTrue(events.stream().limit(6).allMatch(e -> e.sessionId().equals("1-1")), sessionsAndItems(events));
    }
  }

  @Test
  void aNonPositiveGapIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("ratings.csv"), CSV);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClickReaders.open(file, ClickFormat.MOVIELENS_CSV, RejectListener.NONE, Duration.ZERO));
    assertTrue(e.getMessage().contains("session gap must be positive"), e.getMessage());
  }

  @Test
  void readsRatingsDat() throws IOException {
    String dat = "1::1193::5::978300760\n1::661::3::978302109\n1::914::3::978301968\n2::1357::5::978298709\n";
    Path file = Files.writeString(dir.resolve("ratings.dat"), dat);
    List<ClickEvent> events = ReaderFixtures.drain(ClickReaders.open(file, ClickFormat.MOVIELENS_DAT),
        new ArrayList<>());
    // 978300760 -> 978301968 is 20 min, -> 978302109 another 2.35 min: one session, sorted by time.
    assertEquals("1-1:1193 1-1:914 1-1:661 2-1:1357", sessionsAndItems(events));
    assertEquals(978300760_000L, events.get(0).eventTimeMillis());
  }

  @Test
  void reportsMalformedLinesWithoutLosingTheUsersOtherRatings() throws IOException {
    String text = String.join("\n",
        "userId,movieId,rating,timestamp",   // 1 header
        "7,1," + "4.0," + (T + 60),          // 2 good
        "7,2,great," + T,                    // 3 bad rating
        "7,3,4.0",                           // 4 three fields
        "7,4,4.0,yesterday",                 // 5 bad timestamp
        "x,5,4.0," + T,                      // 6 bad user
        "7,m6,4.0," + T,                     // 7 bad movie
        "7,8,2.0," + T);                     // 8 good, earlier than line 2
    Path file = Files.writeString(dir.resolve("ratings.csv"), text);
    List<Rejection> rejections = new ArrayList<>();
    List<ClickEvent> events = ReaderFixtures.drain(ClickReaders.open(file, ClickFormat.MOVIELENS_CSV), rejections);
    assertEquals("7-1:8 7-1:1", sessionsAndItems(events));
    assertEquals(List.of(8L, 2L), events.stream().map(ClickEvent::lineNumber).toList());
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L), rejections.stream().map(Rejection::line).toList());
    assertEquals("bad rating 'great'", rejections.get(0).reason());
    assertEquals("expected 4 ','-separated fields, got 3", rejections.get(1).reason());
    assertTrue(rejections.get(2).reason().startsWith("bad timestamp 'yesterday'"));
    assertEquals("bad user id 'x'", rejections.get(3).reason());
    assertEquals("bad movie id 'm6'", rejections.get(4).reason());
    assertEquals("7,2,great," + T, rejections.get(0).raw());
  }

  @Test
  void aUserWhoComesBackContinuesTheNumbering() throws IOException {
    String text = "1::10::5::" + T + "\n2::10::5::" + T + "\n1::11::5::" + (T + 86_400) + "\n";
    Path file = Files.writeString(dir.resolve("ratings.dat"), text);
    List<ClickEvent> events = ReaderFixtures.drain(ClickReaders.open(file, ClickFormat.MOVIELENS_DAT),
        new ArrayList<>());
    assertEquals("1-1:10 2-1:10 1-2:11", sessionsAndItems(events));
  }

  @Test
  void readsGzip() throws IOException {
    Path file = ReaderFixtures.gzip(dir.resolve("ratings.csv.gz"), CSV);
    List<ClickEvent> events = ReaderFixtures.drain(ClickReaders.open(file, null), new ArrayList<>());
    assertEquals(7, events.size());
    assertEquals("1-3", events.get(5).sessionId());
  }
}
