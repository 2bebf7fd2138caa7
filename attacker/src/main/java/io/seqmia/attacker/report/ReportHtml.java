package io.seqmia.attacker.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.AttackResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * report.html: the whole report in one self-contained file (figures embedded as data URIs, no script, no network),
 * rendered from the Mustache template {@code report.html.mustache} beside this class. It holds what report.md holds,
 * the figures, the training curves and the configuration and versions that reproduce the run.
 */
public final class ReportHtml {

  static final String TEMPLATE = "io/seqmia/attacker/report/report.html.mustache";
  /** The figures in the order shown: file, title, caption. */
  private static final String[][] FIGURES = {
      {ReportWriter.ROC_FILE, "ROC curves", "True against false positive rate of every attack and mode."},
      {ReportWriter.ROC_LOG_FILE, "ROC curves, log-log", "The low false-positive region, as Carlini et al. 2022"
          + " recommend reading membership attacks."},
      {ReportWriter.HISTOGRAM_FILE, "Score distributions", "Members, original and augmented non-members per attack,"
          + " each normalised to its own count."},
      {ReportWriter.TSNE_FILE, "t-SNE of the target's score vectors", "Members red, non-members blue."},
      {ReportWriter.CURVES_FILE, "Training curves", "Loss per epoch of the target and the shadow, on the members"
          + " (train) and held-out non-members: the gap is the overfitting the attack exploits."}};

  private ReportHtml() {}

  /** Writes report.html into {@code dir}, embedding the figures already there. */
  static void write(Path dir, AttackReport report, Map<String, Object> dataset, Map<String, Object> sequences,
      long expected, long published, List<String> skipped) {
    try {
      Files.writeString(dir.resolve(ReportWriter.HTML_FILE),
          render(dir, report, dataset, sequences, expected, published, skipped), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + dir.resolve(ReportWriter.HTML_FILE) + ": " + e.getMessage(), e);
    }
  }

  static String render(Path dir, AttackReport report, Map<String, Object> dataset, Map<String, Object> sequences,
      long expected, long published, List<String> skipped) throws IOException {
    Map<String, Object> page = new HashMap<>();
    page.put("runId", report.getRunId());
    page.put("targetModelVersion", report.getTargetModelVersion());
    page.put("attackModelVersion", report.getAttackModelVersion());
    page.put("createdAt", report.getCreatedAt().toString());
    String completeness = ReportWriter.completeness(report);
    page.put("warning", completeness != null && completeness.startsWith("WARNING") ? completeness : null);
    List<String> notes = new ArrayList<>();
    for (String s : new String[] {completeness != null && !completeness.startsWith("WARNING") ? completeness : null,
        ReportWriter.sampleSentence(report), ReportWriter.attackSampleSentence(report)}) {
      if (s != null) {
        notes.add(s);
      }
    }
    page.put("notes", notes);
    page.put("reading", ReportReading.summary(report));
    page.put("dataset", pairs(dataset));
    page.put("sequences", pairs(sequences));
    page.put("hasSequences", !sequences.isEmpty());
    page.put("attacksNote", ReportMarkdown.ATTACKS_NOTE.replace("`", ""));
    page.put("header", List.of(ReportMarkdown.HEADER));
    AttackResult headline = ReportReading.headline(report);
    page.put("headline", headline == null ? "none" : headline.getName() + ", " + headline.getMode() + ", against "
        + headline.getNegatives() + " non-members (the honest comparison: no augmented near-copies)");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AttackResult r : report.getAttacks()) {
      List<Map<String, Object>> cells = new ArrayList<>();
      String[] values = ReportMarkdown.row(r);
      for (int c = 0; c < values.length; c++) {
        cells.add(Map.of("value", values[c], "text", c < 3));
      }
      rows.add(Map.of("cells", cells, "headline", r == headline));
    }
    page.put("rows", rows);
    page.put("skipped", skipped);
    page.put("hasSkipped", !skipped.isEmpty());
    page.put("figures", figures(dir));
    Map<String, Object> target = new LinkedHashMap<>(ReportWriter.target(report));
    Object shadow = target.remove("shadow");
    page.put("target", pairs(target));
    page.put("shadow", shadow instanceof Map<?, ?> m ? pairs(m) : List.of());
    page.put("hasShadow", shadow instanceof Map<?, ?>);
    page.put("verdicts", published + " of " + expected + " expected verdicts published"
        + (published == expected ? "." : " (mismatch)."));
    Map<String, Long> latency = ReportWriter.latency(report);
    page.put("latency", latency == null ? null : "Latency from a sequence reaching the trainer to its verdict (the"
        + " bulk run, training and attack included), over " + latency.get("count") + " verdicts: p50 "
        + latency.get("p50") + " ms, p99 " + latency.get("p99") + " ms, max " + latency.get("max") + " ms.");
    page.put("config", pairs(configuration(report)));
    Mustache template = new DefaultMustacheFactory().compile(TEMPLATE);
    StringWriter html = new StringWriter();
    try (Writer out = html) {
      template.execute(out, page);
    }
    return html.toString();
  }

  /** What reproduces the run: the trainer's attributes, the attack sample, the software versions. */
  private static Map<String, Object> configuration(AttackReport report) {
    Map<String, Object> c = new LinkedHashMap<>();
    new TreeMap<>(report.getTargetAttributes()).forEach((k, v) -> c.put("trainer: " + k, v));
    new TreeMap<>(report.getSample()).forEach((k, v) -> c.put("attack sample: " + k, ReportMarkdown.cell(v)));
    String seqmia = ReportHtml.class.getPackage().getImplementationVersion();
    c.put("seqmia", seqmia == null ? "development build" : seqmia);
    c.put("Apache Kafka clients", org.apache.kafka.common.utils.AppInfoParser.getVersion());
    c.put("DJL", ai.djl.engine.Engine.getDjlVersion());
    c.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    return c;
  }

  private static List<Map<String, String>> figures(Path dir) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    for (String[] f : FIGURES) {
      Path png = dir.resolve(f[0]);
      if (Files.isRegularFile(png)) {
        out.add(Map.of("title", f[1], "caption", f[2] + " (" + f[0] + ")",
            "src", "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png))));
      }
    }
    return out;
  }

  private static List<Map<String, String>> pairs(Map<?, ?> map) {
    List<Map<String, String>> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(Map.of("key", String.valueOf(k),
        "value", v == null ? "n/a" : v instanceof Map<?, ?> m ? m.toString() : ReportMarkdown.cell(v).replace("\\|", "|"))));
    return out;
  }
}
