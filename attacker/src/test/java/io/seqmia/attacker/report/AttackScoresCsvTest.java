package io.seqmia.attacker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.attacker.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttackScoresCsvTest {

  @TempDir
  Path dir;

  @Test
  void writeThenReadGivesTheSameDataAndTheSameAuc() throws IOException {
    List<AttackScores> all = List.of(
        SampleScores.gaussian("seqmia-mlp", "labelled", 300, 1.5, 1),
        SampleScores.gaussian("seqmia-mlp", "shadow", 300, 1.0, 2),
        SampleScores.gaussian("loss-threshold", "none", 300, 0.7, 3));
    Path file = dir.resolve(AttackScoresCsv.FILE);
    AttackScoresCsv.write(file, all);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals("attack,mode,sequence_id,variant,label,score", lines.get(0));
    assertEquals(1 + all.stream().mapToInt(a -> a.rows().size()).sum(), lines.size());

    List<AttackScores> back = AttackScoresCsv.read(file);
    assertEquals(all, back); // records compare every field; doubles bit for bit
    for (int k = 0; k < all.size(); k++) {
      AttackScores a = all.get(k);
      assertEquals(Metrics.rocAuc(a.scores(), a.members()), Metrics.rocAuc(back.get(k).scores(),
          back.get(k).members()), 0.0);
      for (String negatives : List.of("original", "augmented")) {
        AttackScores x = a.withNegatives(negatives), y = back.get(k).withNegatives(negatives);
        assertEquals(Metrics.rocAuc(x.scores(), x.members()), Metrics.rocAuc(y.scores(), y.members()), 0.0);
      }
    }
  }

  @Test
  void awkwardIdsAndExtremeScoresSurvive() {
    List<AttackScores.Row> rows = List.of(
        new AttackScores.Row("plain", AttackScores.ORIGINAL, true, 0.1 + 0.2),
        new AttackScores.Row("with,comma", AttackScores.ORIGINAL, false, -0.0),
        new AttackScores.Row("with \"quotes\"", AttackScores.AUGMENTED, false, Double.MIN_VALUE),
        new AttackScores.Row("line\nbreak", AttackScores.ORIGINAL, true, Double.POSITIVE_INFINITY),
        new AttackScores.Row(" padded ", AttackScores.ORIGINAL, false, -1.2345678901234567e-300),
        new AttackScores.Row("ünïcödé", AttackScores.ORIGINAL, true, Double.MAX_VALUE));
    List<AttackScores> all = List.of(new AttackScores("dl-mia", "shadow", rows));
    Path file = dir.resolve("awkward.csv");
    AttackScoresCsv.write(file, all);
    assertEquals(all, AttackScoresCsv.read(file));
  }

  @Test
  void readGroupsByAttackAndModeKeepingRowOrder() throws IOException {
    Path file = dir.resolve("interleaved.csv");
    Files.writeString(file, """
        attack,mode,sequence_id,variant,label,score
        a,labelled,s1,ORIGINAL,1,0.9
        b,none,s1,ORIGINAL,1,-2.5
        a,labelled,s2,AUGMENTED,0,0.4
        b,none,s2,AUGMENTED,0,-3.0

        """);
    List<AttackScores> back = AttackScoresCsv.read(file);
    assertEquals(2, back.size());
    assertEquals("a", back.get(0).attack());
    assertEquals(List.of(new AttackScores.Row("s1", "ORIGINAL", true, 0.9),
        new AttackScores.Row("s2", "AUGMENTED", false, 0.4)), back.get(0).rows());
    assertEquals(-3.0, back.get(1).rows().get(1).score());
  }

  @Test
  void malformedLinesFailWithTheirLineNumber() throws IOException {
    String header = AttackScoresCsv.HEADER + "\n";
    String good = "a,labelled,s1,ORIGINAL,1,0.9\n";
    assertMalformed(header + good + "a,labelled,s2,ORIGINAL,1\n", ":3:", "expected 6 fields");
    assertMalformed(header + good + good + "a,labelled,s2,ORIGINAL,yes,0.5\n", ":4:", "label must be 1");
    assertMalformed(header + good + "a,labelled,s2,ORIGINAL,0,abc\n", ":3:", "not a number");
    assertMalformed(header + good + "a,labelled,s2,ORIGINAL,0,NaN\n", ":3:", "NaN");
    assertMalformed(header + good + "a,labelled,s2,COPY,0,0.5\n", ":3:", "variant");
    assertMalformed(header + "a,labelled,\"multi\nline\",ORIGINAL,0,0.5\n" + "a,labelled,s3,ORIGINAL,0\n", ":4:",
        "expected 6 fields");
    assertMalformed(header + "a,labelled,\"open,ORIGINAL,0,0.5\n", ":2:", "not closed");
    assertMalformed(header + "a,labelled,s\"1,ORIGINAL,0,0.5\n", ":2:", "quote");
    assertMalformed("attack,mode,id,variant,label,score\n" + good, ":1:", "header");
    assertMalformed("", ":1:", "header");
  }

  @Test
  void badArgumentsAreRejected() {
    Path file = dir.resolve("x.csv");
    AttackScores a = SampleScores.gaussian("a", "none", 10, 1, 1);
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> AttackScoresCsv.write(file, List.of(a, a)));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AttackScoresCsv.write(file, List.of(new AttackScores("a", "none", List.of()))));
    assertThrows(IllegalArgumentException.class, () -> AttackScoresCsv.write(null, List.of(a)));
    assertThrows(java.io.UncheckedIOException.class, () -> AttackScoresCsv.read(dir.resolve("missing.csv")));
    assertThrows(IllegalArgumentException.class, () -> new AttackScores.Row("s", "ORIGINAL", true, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new AttackScores.Row("", "ORIGINAL", true, 1));
    assertThrows(IllegalArgumentException.class, () -> new AttackScores(" ", "none", List.of()));
  }

  @Test
  void withNegativesSelectsTheReportsNegativeSets() {
    AttackScores a = SampleScores.gaussian("a", "none", 60, 1, 4);
    AttackScores original = a.withNegatives("original");
    AttackScores augmented = a.withNegatives("augmented");
    assertEquals(a.memberCount(), original.memberCount());
    assertEquals(a.memberCount(), augmented.memberCount());
    assertEquals(a.nonMemberCount(), original.nonMemberCount() + augmented.nonMemberCount());
    assertTrue(augmented.rows().stream().allMatch(r -> r.member() || r.variant().equals("AUGMENTED")));
    assertEquals(a, a.withNegatives("all"));
    assertThrows(IllegalArgumentException.class, () -> a.withNegatives("some"));
  }

  private void assertMalformed(String content, String lineMarker, String message) throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, content);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttackScoresCsv.read(file));
    assertTrue(e.getMessage().contains(lineMarker) && e.getMessage().contains(message),
        "expected " + lineMarker + " and '" + message + "' in: " + e.getMessage());
  }
}
