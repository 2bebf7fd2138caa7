package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.data.ReaderFixtures.Rejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickReadersTest {

  @TempDir Path dir;

  @Test
  void opensTheDetectedFormatOrTheNamedOne() throws IOException {
    Path yoo = Files.writeString(dir.resolve("clicks.dat"), "1,2014-04-07T10:51:09.277Z,214536502,0\n");
    try (ClickReader reader = ClickReaders.open(yoo, null)) {
      assertInstanceOf(YooChooseClickReader.class, reader);
      assertEquals("214536502", reader.next().itemId());
    }
    // Named explicitly, a prepared file read as YooChoose rejects every line instead of guessing.
    Path prepared = Files.writeString(dir.resolve("train.txt"), "SessionId\tItemId\tTime\n1\t2\t3\n");
    List<Rejection> rejections = new ArrayList<>();
    assertTrue(ReaderFixtures.drain(ClickReaders.open(prepared, ClickFormat.YOOCHOOSE), rejections).isEmpty());
    assertEquals(2, rejections.size());
  }

  @Test
  void concatReadsFilesInOrderAsOneSource() throws IOException {
    Path train = Files.writeString(dir.resolve("train.txt"),
        "SessionId\tItemId\tTime\n1\t10\t100\nbad line\n1\t11\t101\n");
    Path test = ReaderFixtures.gzip(dir.resolve("test.txt.gz"),
        "SessionId\tItemId\tTime\n2\t12\t200\n2\t13\tnever\n");
    List<Rejection> rejections = new ArrayList<>();
    List<String> rejectedIn = new ArrayList<>();
    try (ClickReader reader = ClickReaders.concat(List.of(train, test), null)) {
      reader.addRejectListener((line, raw, reason) -> rejectedIn.add(reader.sourceName() + ":" + line));
      List<ClickEvent> events = ReaderFixtures.drain(reader, rejections);
      assertEquals(List.of("10", "11", "12"), events.stream().map(ClickEvent::itemId).toList());
      assertEquals(5, reader.linesRead(), "headers are not counted");
      assertEquals(2, reader.rejected());
      assertFalse(reader.hasNext());
      reader.close();
      assertEquals(5, reader.linesRead(), "counts survive close");
    }
    assertEquals(List.of(3L, 3L), rejections.stream().map(Rejection::line).toList());
    assertEquals(List.of(train + ":3", test + ":3"), rejectedIn, "the listener can tell which file");
  }

  @Test
  void concatMixesFormatsWhenDetecting() throws IOException {
    Path a = Files.writeString(dir.resolve("a.dat"), "1,2014-04-07T10:51:09.277Z,7,0\n");
    Path b = Files.writeString(dir.resolve("b.csv"), "userId,movieId,rating,timestamp\n5,8,4.0,100\n");
    try (ClickReader reader = ClickReaders.concat(List.of(a, b), null)) {
      List<ClickEvent> events = ReaderFixtures.drain(reader, new ArrayList<>());
      assertEquals(List.of("1", "5-1"), events.stream().map(ClickEvent::sessionId).toList());
    }
  }

  @Test
  void concatChecksEveryFileBeforeReading() throws IOException {
    Path good = Files.writeString(dir.resolve("a.dat"), "1,2014-04-07T10:51:09.277Z,7,0\n");
    Path garbage = Files.writeString(dir.resolve("b.txt"), "hello\n");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ClickReaders.concat(List.of(good, dir.resolve("missing.dat")), null));
    assertTrue(missing.getMessage().contains("missing.dat"), missing.getMessage());
    IllegalArgumentException undetectable = assertThrows(IllegalArgumentException.class,
        () -> ClickReaders.concat(List.of(good, garbage), null));
    assertTrue(undetectable.getMessage().contains("b.txt"), undetectable.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClickReaders.concat(List.of(), null));
  }

  @Test
  void openFailsClearlyForAMissingFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClickReaders.open(dir.resolve("nope.csv"), ClickFormat.MOVIELENS_CSV));
    assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
  }
}
