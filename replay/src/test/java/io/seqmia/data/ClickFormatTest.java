package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickFormatTest {

  @TempDir Path dir;

  private ClickFormat detect(String name, String text) throws IOException {
    return ClickFormat.detect(Files.writeString(dir.resolve(name), text));
  }

  @Test
  void detectsEveryFormatFromItsFirstLines() throws IOException {
    assertEquals(ClickFormat.YOOCHOOSE, detect("a", "1,2014-04-07T10:51:09.277Z,214536502,0\n"));
    assertEquals(ClickFormat.PREPARED, detect("b", "SessionId\tItemId\tTime\n1\t2\t1396860669.277\n"));
    assertEquals(ClickFormat.PREPARED, detect("c", "1\t214536502\t1396860669.277\n"), "headerless prepared");
    assertEquals(ClickFormat.MOVIELENS_CSV, detect("d", "userId,movieId,rating,timestamp\n1,2,3.5,1112486027\n"));
    assertEquals(ClickFormat.MOVIELENS_CSV, detect("e", "1,2,3.5,1112486027\n"), "headerless ratings.csv");
    assertEquals(ClickFormat.MOVIELENS_DAT, detect("f", "1::1193::5::978300760\n"));
    assertEquals(ClickFormat.DIGINETICA,
        detect("g", "session_id;user_id;item_id;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n"));
    assertEquals(ClickFormat.DIGINETICA, detect("h", "1;NA;81766;526309;2016-05-09\n"));
  }

  @Test
  void skipsBlankLinesAByteOrderMarkAndAStrayBadFirstLine() throws IOException {
    assertEquals(ClickFormat.YOOCHOOSE, detect("a", "\n\n\uFEFF1,2014-04-07T10:51:09.277Z,214536502,0\n"));
    assertEquals(ClickFormat.MOVIELENS_DAT, detect("b", "garbage\n1::1193::5::978300760\n"));
  }

  @Test
  void detectsGzip() throws IOException {
    Path file = ReaderFixtures.gzip(dir.resolve("x.gz"), "1::1193::5::978300760\n");
    assertEquals(ClickFormat.MOVIELENS_DAT, ClickFormat.detect(file));
    Path noSuffix = ReaderFixtures.gzip(dir.resolve("x.txt"), "SessionId\tItemId\tTime\n");
    assertEquals(ClickFormat.PREPARED, ClickFormat.detect(noSuffix), "gzip magic without .gz");
  }

  @Test
  void garbageFailsNamingTheFileTheFirstLineAndTheFormats() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "Dear diary,\ntoday I clicked.\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClickFormat.detect(file));
    String m = e.getMessage();
    assertTrue(m.contains(file.toString()), m);
    assertTrue(m.contains("'Dear diary,'"), m);
    for (ClickFormat f : ClickFormat.values()) {
      assertTrue(m.contains(f.cliName()), "lacks " + f.cliName() + ": " + m);
    }
  }

  @Test
  void anEmptyFileCannotBeDetected() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.txt"), "\n \n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClickFormat.detect(file));
    assertTrue(e.getMessage().contains("no non-empty line"), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("nope.dat");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClickFormat.detect(file));
    assertTrue(e.getMessage().contains("nope.dat"), e.getMessage());
  }

  @Test
  void namesRoundTripAndBadNamesListTheValidOnes() {
    for (ClickFormat f : ClickFormat.values()) {
      assertEquals(f, ClickFormat.fromName(f.cliName()));
      assertEquals(f, ClickFormat.fromName(f.name()), "enum constant names work too");
    }
    assertEquals(ClickFormat.MOVIELENS_CSV, ClickFormat.fromName(" MovieLens-CSV "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClickFormat.fromName("csv"));
    assertEquals("unknown click format 'csv': valid formats are "
        + "yoochoose, prepared, movielens-csv, movielens-dat, diginetica", e.getMessage());
  }
}
