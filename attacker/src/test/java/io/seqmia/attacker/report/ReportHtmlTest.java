package io.seqmia.attacker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.attacker.AttackReports;
import io.seqmia.attacker.AttackRun;
import io.seqmia.attacker.AttackRunner;
import io.seqmia.attacker.SyntheticVectors;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ScoreVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html: one self-contained file with every figure, and what a browser makes of it. */
class ReportHtmlTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Map<String, List<Double>> CURVES = Map.of(
      "trainLoss", List.of(5.1, 4.0, 3.2, 2.5), "heldOutLoss", List.of(4.3, 4.0, 3.9, 4.0),
      "shadow.trainLoss", List.of(5.2, 4.1, 3.3, 2.6), "shadow.heldOutLoss", List.of(4.4, 4.1, 4.0, 4.1));

  @TempDir static Path dir;

  @BeforeAll
  static void writeAReport() {
    List<ScoreVector> target = SyntheticVectors.withItems(SyntheticVectors.generate(120, 120, 40, 1.2, 31, "v-html"), 32);
    List<ScoreVector> shadow = SyntheticVectors.shadow(100, 100, 1.2, 33, "s-html");
    try (AttackRun run = new AttackRunner().run(target, shadow, 5, false, Map.of("trainLoss", 2.0))) {
      AttackReport report = AttackReports.of("run-html", run, Map.of("trainLoss", 2.0, "heldOutLoss", 3.0),
          Map.of("preset", "overfit", "device", "cpu()"), 360, 360);
      report.setSeries(new java.util.HashMap<>(CURVES));
      ReportWriter.write(dir, report, Map.of("sessions", 360), Map.of("original", 280L), 360, 360, run.artefacts(),
          run.skipped(), 5);
    }
  }

  @Test
  void oneFileWithEveryFigureTheTablesTheCurvesAndHowToReproduce() throws Exception {
    String html = Files.readString(dir.resolve(ReportWriter.HTML_FILE));
    Matcher images = Pattern.compile("<img src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\"").matcher(html);
    int count = 0;
    while (images.find()) {
      count++;
    }
    assertEquals(5, count, "ROC, log-ROC, histogram, t-SNE and training curves, embedded");
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
        "offline: no network reference and no script");
    for (String part : List.of("Reading", "Table 1: data set", "Table 2: attacks", "Target model: fit and utility",
        "How to reproduce this run", "trainer: preset", "Apache Kafka clients", "DJL")) {
      assertTrue(html.contains(part), "report.html lacks " + part);
    }
    assertEquals(1, html.split("class=\"headline\"", -1).length - 1, "exactly one headline row");
    assertTrue(Files.isRegularFile(dir.resolve(ReportWriter.CURVES_FILE)));
    JsonNode curves = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON_FILE).toFile()).get("curves");
    assertEquals(CURVES.get("heldOutLoss").size(), curves.get("heldOutLoss").size());
    assertEquals(2.6, curves.get("shadow.trainLoss").get(3).asDouble());
    assertTrue(Files.readString(dir.resolve(ReportWriter.MARKDOWN_FILE)).contains("training-curves.png"));
  }

  /**
   * Debian's Chromium, headless, opens a copy of report.html with a probe appended: every image must have loaded
   * (complete, with a width) and no script error may have occurred. The screenshot is kept beside it.
   */
  @Test
  void aBrowserLoadsEveryFigureWithoutAScriptError() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (" + CHROMIUM
        + "; apt-get install chromium): the browser check of report.html is skipped");
    String html = Files.readString(dir.resolve(ReportWriter.HTML_FILE));
    String probe = "<script>window.__errors=[];window.onerror=function(m){window.__errors.push(String(m));};"
        + "window.addEventListener('load',function(){var i=Array.from(document.images);"
        + "document.body.setAttribute('data-images',i.length);"
        + "document.body.setAttribute('data-loaded',i.filter(function(x){return x.complete&&x.naturalWidth>0;}).length);"
        + "document.body.setAttribute('data-errors',window.__errors.length);});</script>";
    Path probed = dir.resolve("report-probed.html");
    Files.writeString(probed, html.replace("<head>", "<head>" + probe));
    Path screenshot = dir.resolve("report-screenshot.png");
    List<String> common = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=10000");
    String dom = runChromium(common, "--dump-dom", probed.toUri().toString());
    Matcher body = Pattern.compile("<body data-images=\"(\\d+)\" data-loaded=\"(\\d+)\" data-errors=\"(\\d+)\"")
        .matcher(dom);
    assertTrue(body.find(), "the probe did not run: " + dom.substring(0, Math.min(500, dom.length())));
    assertEquals("5", body.group(1), "images on the page");
    assertEquals(body.group(1), body.group(2), "every image loaded");
    assertEquals("0", body.group(3), "script errors");
    runChromium(common, "--window-size=1280,4000", "--screenshot=" + screenshot, probed.toUri().toString());
    assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page: " + screenshot);
  }

  private static String runChromium(List<String> common, String... args) throws Exception {
    List<String> command = new ArrayList<>(common);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium did not finish in 90 s");
    return Files.readString(out);
  }
}
