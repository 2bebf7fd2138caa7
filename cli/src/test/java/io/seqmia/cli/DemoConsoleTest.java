package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.testkit.BrokerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code seqmia demo} prints on a log or CI output (no terminal): a few story lines and periodic progress
 * lines on stderr, the tables on stdout, everything else in the report folder's log file; no line per record.
 */
@Tag(BrokerTest.TAG)
class DemoConsoleTest {

  @Test
  void aQuietConsoleWithProgressAndTheWholeLogInTheReportFolder(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Path report = dir.resolve("report");
    Process demo = SeqmiaProcess.start(out, err, Map.of(), "demo", "--sessions", "2000", "--epochs", "8",
        "--report-dir", report.toString());
    assertTrue(demo.waitFor(8, TimeUnit.MINUTES), "the demo did not finish in 8 minutes");
    List<String> console = Files.readAllLines(err);
    assertEquals(0, demo.exitValue(), String.join("\n", console));

    assertTrue(console.size() <= 40, console.size() + " lines on stderr:\n" + String.join("\n", console));
    assertTrue(console.stream().anyMatch(l -> l.startsWith("[0:") && l.contains("done: replay")),
        "periodic progress lines: " + console);
    assertTrue(console.stream().noneMatch(l -> l.contains("INFO") || l.contains("BootstrapMetadata")
        || l.contains("dropped by the repeat rule")), "no INFO, start-up or per-record line: " + console);
    assertTrue(Files.readString(out).contains("AUC"), "the tables on stdout");

    String log = Files.readString(report.resolve(ConsoleMode.LOG_FILE));
    assertTrue(log.contains("kafka storage format: Bootstrap metadata"), "Kafka's start-up lines in the log file");
    assertTrue(log.contains("target model epoch 8/8"), "seqmia's INFO lines in the log file");
    assertTrue(log.lines().noneMatch(l -> l.contains("INFO") && l.matches(".* - Session \\S+ dropped by .*")),
        "no per-record line at INFO, even in the file");
    assertTrue(log.contains("dropped by the repeat rule, e.g. (session and clicks)"), "the summary with examples");
  }
}
