package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: what users type, what they get back, and clear errors for bad flags. */
class SeqmiaCommandTest {

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = Seqmia.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryStage() {
    Run r = run("--help");
    assertEquals(0, r.exitCode());
    for (String command : new String[] {"demo", "broker", "topics", "replay", "streams", "trainer", "attacker",
        "generate", "stats", "verdicts", "train-now"}) {
      assertTrue(r.out().contains(command), "help lacks " + command + ":\n" + r.out());
    }
  }

  @Test
  void badFlagsStopWithAMessageThatSaysWhatToFix() {
    Run sessions = run("demo", "--sessions", "5");
    assertEquals(2, sessions.exitCode());
    assertTrue(sessions.err().contains("--sessions 5: need at least 100 sessions"), sessions.err());

    Run missing = run("demo", "--data", "/no/such/clicks.dat");
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("--data /no/such/clicks.dat: no such file"), missing.err());

    Run unknown = run("demo", "--frobnicate");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("Unknown option: '--frobnicate'"), unknown.err());

    Run replay = run("replay", "--bootstrap-server", "localhost:1", "--file", "/no/such/file");
    assertEquals(2, replay.exitCode());
    assertTrue(replay.err().contains("--file /no/such/file: no such file"), replay.err());

    Run trainer = run("trainer", "--bootstrap-server", "localhost:1", "--set", "trainer.model.epochs=-3");
    assertEquals(2, trainer.exitCode());
    assertTrue(trainer.err().contains("Invalid value -3 for configuration trainer.model.epochs: Value must be at"
        + " least 1"), trainer.err());

    Run typo = run("trainer", "--bootstrap-server", "localhost:1", "--set", "trainer.model.epoch=3");
    assertEquals(2, typo.exitCode());
    assertTrue(typo.err().contains("unknown key 'trainer.model.epoch'; did you mean 'trainer.model.epochs'?"),
        typo.err());

    Run both = run("demo", "--verbose", "--quiet", "--report-dir", "target/contradiction");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("--verbose and --quiet contradict each other"), both.err());

    Run set = run("attacker", "--bootstrap-server", "localhost:1", "--set", "novalue");
    assertEquals(2, set.exitCode());
    assertTrue(set.err().contains("--set novalue: expected KEY=VALUE"), set.err());
  }

  @Test
  void generateThenStatsDescribeTheSameDataSet(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("clicks.dat");
    Run generate = run("generate", "--sessions", "2000", "--seed", "3", "--out", file.toString());
    assertEquals(0, generate.exitCode(), generate.err());
    assertTrue(Files.size(file) > 0);

    Run stats = run("stats", file.toString(), "--json");
    assertEquals(0, stats.exitCode(), stats.err());
    JsonNode json = new ObjectMapper().readTree(stats.out());
    assertEquals(2000, json.path("sessions").asLong());
    long lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    assertEquals(lines, json.path("interactions").asLong());
    for (String key : new String[] {"days", "items", "avgSessionLength", "gini"}) {
      assertTrue(json.has(key), "stats --json lacks " + key);
    }

    Run table = run("stats", file.toString());
    assertTrue(table.out().contains("sessions") && table.out().contains("2,000"), table.out());
  }

  @Test
  void statsOnTheRealYooChooseSample() throws Exception {
    Path sample = SharedData.file("yoochoose-clicks-100k.dat");
    Assumptions.assumeTrue(sample != null,
        "../shared/data/yoochoose-clicks-100k.dat not found beside the checkout: real-data check skipped");
    Run stats = run("stats", sample.toString(), "--json");
    assertEquals(0, stats.exitCode(), stats.err());
    JsonNode json = new ObjectMapper().readTree(stats.out());
    assertEquals(21_210, json.path("sessions").asLong());
    assertEquals(83_846, json.path("interactions").asLong());
  }
}
