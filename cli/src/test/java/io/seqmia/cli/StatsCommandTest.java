package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code seqmia stats}: formats, several files as one data set, the filter, and errors that say what to fix. */
class StatsCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static SeqmiaCommandTest.Run run(String... args) {
    return SeqmiaCommandTest.run(args);
  }

  static JsonNode json(SeqmiaCommandTest.Run r) throws IOException {
    assertEquals(0, r.exitCode(), r.err());
    return JSON.readTree(r.out());
  }

  /**
   * Eight sessions, one a day, a click a minute: s1 A B A | s2 A B | s3 C | s4 A C D | s5 B D | s6 A |
   * s7 B B A | s8 C C C, in the prepared format. The filter keeps s1, s2, s7 (8 clicks, items A and B):
   * C has 5 clicks but only 4 outside single-click sessions.
   */
  private Path tinyPrepared() throws IOException {
    String[] sessions = {"ABA", "AB", "C", "ACD", "BD", "A", "BBA", "CCC"};
    StringBuilder text = new StringBuilder("SessionId\tItemId\tTime\n");
    long day0 = 1_396_310_400L; // 2014-04-01
    for (int k = 1; k <= sessions.length; k++) {
      for (int i = 0; i < sessions[k - 1].length(); i++) {
        text.append(k).append('\t').append(sessions[k - 1].charAt(i)).append('\t')
            .append(day0 + k * 86_400L + i * 60L).append(".5\n");
      }
    }
    return Files.writeString(dir.resolve("tiny.txt"), text);
  }

  @Test
  void tableAndJsonOfAYooChooseFileWithABadLine() throws IOException {
    Path file = Files.writeString(dir.resolve("clicks.dat"), """
        1,2014-04-01T00:00:00.000Z,100,0
        1,2014-04-01T00:01:00.000Z,100,0
        1,2014-04-01T00:02:00.000Z,200,S
        2,2014-04-02T00:00:00.000Z,100,1
        not,a,click
        2,2014-04-03T12:00:00.000Z,300,1
        3,2014-04-02T06:00:00.000Z,100,0
        """);
    JsonNode j = json(run("stats", file.toString(), "--json"));
    assertEquals(3, j.path("sessions").asLong());
    assertEquals(6, j.path("interactions").asLong());
    assertEquals(3, j.path("items").asLong());
    assertEquals(2.0, j.path("avgSessionLength").asDouble(), 1e-12);
    assertEquals(2.5, j.path("days").asDouble(), 1e-12);
    assertEquals(1.0 / 3, j.path("gini").asDouble(), 1e-12);
    assertEquals(2, j.path("sessionLengthP50").asLong());
    assertEquals(3, j.path("sessionLengthP90").asLong());
    assertEquals(3, j.path("sessionLengthP99").asLong());
    assertEquals(3, j.path("sessionLengthMax").asLong());
    assertEquals(1, j.path("rejected").asLong());
    assertEquals("yoochoose", j.path("formats").path(0).asText());

    SeqmiaCommandTest.Run table = run("stats", file.toString());
    assertEquals(0, table.exitCode(), table.err());
    assertTrue(table.out().contains("interactions") && table.out().contains("6"), table.out());
    assertTrue(table.out().contains("2 / 3 / 3 / 3"), "percentiles row:\n" + table.out());
    assertTrue(table.out().contains("rejected lines"), table.out());
    assertTrue(table.err().contains("rejected " + file + " line 5: expected 4 comma-separated fields, got 3: "
        + "not,a,click"), table.err());
  }

  @Test
  void severalFilesAreOneDataSet() throws IOException {
    Path train = Files.writeString(dir.resolve("train.txt"), "SessionId\tItemId\tTime\n1\t10\t100\n1\t11\t160\n");
    Path test = dir.resolve("test.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(test))) {
      out.write("SessionId\tItemId\tTime\n2\t10\t86400\n2\t12\t86450\n2\t13\t86500\n".getBytes(StandardCharsets.UTF_8));
    }
    JsonNode j = json(run("stats", train.toString(), test.toString(), "--json"));
    assertEquals(2, j.path("sessions").asLong());
    assertEquals(5, j.path("interactions").asLong());
    assertEquals(4, j.path("items").asLong());
    assertEquals(1.0, j.path("days").asDouble(), 1e-12, "100 s to 86500 s");
    assertEquals(2, j.path("files").size());
  }

  @Test
  void filterSaysHowMuchItRemoved() throws IOException {
    Path file = tinyPrepared();
    JsonNode j = json(run("stats", file.toString(), "--filter", "--json"));
    assertEquals(3, j.path("sessions").asLong());
    assertEquals(8, j.path("interactions").asLong());
    assertEquals(2, j.path("items").asLong());
    assertEquals(6 + 2.0 / 1440, j.path("days").asDouble(), 1e-9);
    assertEquals(0.0, j.path("gini").asDouble(), 1e-12);
    assertEquals(5, j.path("removedSessions").asLong());
    assertEquals(10, j.path("removedInteractions").asLong());
    assertEquals(2, j.path("removedItems").asLong());
    assertEquals(18, j.path("unfiltered").path("interactions").asLong());
    assertEquals(8, j.path("unfiltered").path("sessions").asLong());
    assertEquals(5, j.path("filter").path("minItemSupport").asInt());

    SeqmiaCommandTest.Run table = run("stats", file.toString(), "--filter");
    assertEquals(0, table.exitCode(), table.err());
    assertTrue(table.out().contains("removed 5 of 8 sessions (62.5%), 10 of 18 interactions (55.6%), "
        + "2 of 4 items (50.0%)"), table.out());

    JsonNode unfiltered = json(run("stats", file.toString(), "--json"));
    assertEquals(8, unfiltered.path("sessions").asLong());
    assertTrue(unfiltered.path("removedSessions").isMissingNode());
  }

  @Test
  void movieLensWithAFormatAndAGap() throws IOException {
    // One user: ratings at 0, 20 and 45 minutes.
    Path file = Files.writeString(dir.resolve("ratings.dat"), "1::10::5::0\n1::11::4::1200\n1::12::3::2700\n");
    assertEquals(1, json(run("stats", file.toString(), "--json")).path("sessions").asLong(), "30-minute gap");
    assertEquals(2, json(run("stats", file.toString(), "--json", "--gap-minutes", "20")).path("sessions").asLong());
    assertEquals(3, json(run("stats", file.toString(), "--json", "--gap-minutes", "10",
        "--format", "movielens-dat")).path("sessions").asLong());
    // Named explicitly as the wrong format, every line is rejected rather than guessed.
    JsonNode wrong = json(run("stats", file.toString(), "--json", "--format", "diginetica"));
    assertEquals(0, wrong.path("interactions").asLong());
    assertEquals(3, wrong.path("rejected").asLong());
  }

  @Test
  void badInputStopsWithAMessageThatSaysWhatToFix() throws IOException {
    Path file = Files.writeString(dir.resolve("clicks.dat"), "1,2014-04-01T00:00:00.000Z,100,0\n");
    SeqmiaCommandTest.Run format = run("stats", file.toString(), "--format", "csv");
    assertEquals(2, format.exitCode());
    assertTrue(format.err().contains("--format csv: unknown click format 'csv': valid formats are yoochoose, "
        + "prepared, movielens-csv, movielens-dat, diginetica"), format.err());

    SeqmiaCommandTest.Run gap = run("stats", file.toString(), "--gap-minutes", "0");
    assertEquals(2, gap.exitCode());
    assertTrue(gap.err().contains("--gap-minutes 0: must be a positive number of minutes"), gap.err());

    Path garbage = Files.writeString(dir.resolve("notes.txt"), "hello world\n");
    SeqmiaCommandTest.Run detect = run("stats", garbage.toString());
    assertEquals(2, detect.exitCode());
    assertTrue(detect.err().contains("Cannot detect the click format of " + garbage), detect.err());
    assertTrue(detect.err().contains("'hello world'") && detect.err().contains("movielens-csv"), detect.err());

    SeqmiaCommandTest.Run missing = run("stats", dir.resolve("nope.dat").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("nope.dat"), missing.err());

    SeqmiaCommandTest.Run none = run("stats");
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("FILE"), none.err());
  }

  @Test
  void theRealSampleInBothForms() throws IOException {
    Path dat = SharedData.file("yoochoose-clicks-100k.dat");
    Path train = SharedData.file("yoochoose-100k/train_full.txt");
    Path test = SharedData.file("yoochoose-100k/test.txt");
    Assumptions.assumeTrue(dat != null && train != null && test != null,
        "../shared/data (yoochoose-clicks-100k.dat, yoochoose-100k/) not found beside the checkout: skipped");
    JsonNode raw = json(run("stats", dat.toString(), "--json"));
    JsonNode prepared = json(run("stats", train.toString(), test.toString(), "--json"));
    for (JsonNode j : new JsonNode[] {raw, prepared}) {
      assertEquals(21_210, j.path("sessions").asLong());
      assertEquals(83_846, j.path("interactions").asLong());
      assertEquals(0, j.path("rejected").asLong());
    }
    assertEquals("yoochoose", raw.path("formats").path(0).asText());
    assertEquals("prepared", prepared.path("formats").path(1).asText());
    for (String key : new String[] {"days", "items", "avgSessionLength", "gini", "sessionLengthP50",
        "sessionLengthP90", "sessionLengthP99", "sessionLengthMax"}) {
      assertEquals(raw.path(key).asDouble(), prepared.path(key).asDouble(), 1e-9, key);
    }
    JsonNode rawFiltered = json(run("stats", dat.toString(), "--json", "--filter"));
    JsonNode preparedFiltered = json(run("stats", train.toString(), test.toString(), "--json", "--filter"));
    assertEquals(rawFiltered.path("sessions").asLong(), preparedFiltered.path("sessions").asLong());
    assertEquals(rawFiltered.path("removedInteractions").asLong(),
        preparedFiltered.path("removedInteractions").asLong());
    assertEquals(83_846, rawFiltered.path("interactions").asLong() + rawFiltered.path("removedInteractions").asLong());
  }
}
