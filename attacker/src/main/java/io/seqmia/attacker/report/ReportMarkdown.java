package io.seqmia.attacker.report;

import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.AttackResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a report for people: {@code report.md}'s sections and tables, and the console's results table. */
final class ReportMarkdown {

  /** Columns of the results table: header, then how to read the value from a result. */
  static final String[] HEADER = {"attack", "mode", "negatives", "AUC", "AUC 95% CI", "1-pt AUC (bal. acc.)",
      "TPR@1%FPR [95% CI]", "TPR@0.1%FPR [95% CI]", "accuracy", "precision", "recall", "F1", "members",
      "non-members"};

  /** What Table 2's rows mean (report.md and report.html). */
  static final String ATTACKS_NOTE = "Every row is evaluated on the same sequences: the target's score vectors whose membership the attacker"
        + " was not given (attackerKnows = false). Members are all of their members; `negatives` names the"
        + " non-members they are compared with (`all`, `original` sessions, or `augmented` near-copies of"
        + " sessions). Mode `labelled`: trained on the target's labelled vectors (the seed paper's setting);"
        + " `shadow`: trained on a shadow model's vectors only, no target label (Shokri et al.); `none`: no"
        + " training. AUC: threshold swept over all scores, ties counted half. The 95% intervals (AUC and the TPR at"
        + " 1% and 0.1% FPR) come from a bootstrap that resamples sessions, not rows: a variant is drawn with"
        + " its parent session, so near-copies do not count as independent evidence. 1-pt AUC: (1 + TPR - FPR)/2"
        + " at the decision threshold, which is the balanced accuracy, and what the Biased-MIA and DL-MIA"
        + " reference code reports as \"AUC\". The TPR at a low FPR rests on few non-members: at 0.1% FPR and n"
        + " non-members, floor(n/1000) false positives are allowed.";

  private ReportMarkdown() {}

  /** The console table of every attack result, one row per attack and negatives set. */
  static String resultsTable(AttackReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (AttackResult r : report.getAttacks()) {
      rows.add(row(r));
    }
    int[] width = new int[HEADER.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      for (int c = 0; c < row.length; c++) {
        boolean text = c < 3;
        String cell = text ? pad(row[c], width[c], false) : pad(row[c], width[c], true);
        out.append(c == 0 ? "" : "  ").append(cell);
      }
      out.append('\n');
      if (i == 0) {
        int total = 0;
        for (int w : width) {
          total += w;
        }
        out.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
      }
    }
    return out.toString();
  }

  /** The text of report.md: the reading, the data set and attacks tables, the models' fit, the verdicts. */
  static String render(AttackReport report, Map<String, Object> dataset, Map<String, Object> sequences,
      long expected, long published, List<String> skipped) {
    StringBuilder md = new StringBuilder();
    md.append("# seqmia membership-inference audit\n\n");
    md.append("Run `").append(report.getRunId()).append("`, target model `").append(report.getTargetModelVersion())
        .append("`, attack model `").append(report.getAttackModelVersion()).append("`, created ")
        .append(report.getCreatedAt()).append(".\n\n");
    String completeness = ReportWriter.completeness(report);
    if (completeness != null) {
      md.append(completeness.startsWith("WARNING") ? "> **" + completeness + "**" : completeness).append("\n\n");
    }
    for (String sentence : new String[] {ReportWriter.sampleSentence(report), ReportWriter.attackSampleSentence(report)}) {
      if (sentence != null) {
        md.append(sentence).append("\n\n");
      }
    }
    md.append("## Reading\n\n").append(ReportReading.summary(report)).append("\n\n");
    md.append("## Table 1: data set\n\n| property | value |\n| --- | --- |\n");
    dataset.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
    if (!sequences.isEmpty()) {
      md.append("\n### Sequences (what the streams-app emitted)\n\n| count | value |\n| --- | --- |\n");
      sequences.forEach((k, v) -> md.append("| ").append(k).append(" | ")
          .append(v instanceof Map<?, ?> m ? m.toString() : cell(v)).append(" |\n"));
    }
    md.append("\n## Table 2: attacks\n\n");
    md.append(ATTACKS_NOTE).append("\n\n|");
    for (String h : HEADER) {
      md.append(' ').append(h).append(" |");
    }
    md.append("\n|").append(" --- |".repeat(HEADER.length)).append('\n');
    for (AttackResult r : report.getAttacks()) {
      md.append('|');
      for (String c : row(r)) {
        md.append(' ').append(c).append(" |");
      }
      md.append('\n');
    }
    if (!skipped.isEmpty()) {
      md.append("\nNot run:\n\n");
      skipped.forEach(reason -> md.append("- ").append(reason).append('\n'));
    }
    md.append("\nFigures: `roc.png` (linear), `roc-log.png` (log-log, as Carlini et al. 2022 recommend),"
        + " `score-hist.png`, `tsne.png` (t-SNE of the evaluated target score vectors, members red, non-members"
        + " blue)" + (report.getSeries().isEmpty() ? "" : ", `training-curves.png` (loss per epoch, target and shadow)")
        + ". `attack-scores.csv` holds every evaluated sequence's score under every attack and mode. `report.html`"
        + " holds all of it in one file to open in a browser.\n");
    Map<String, Object> target = ReportWriter.target(report);
    md.append("\n## Target model: fit and utility\n\n| metric | value |\n| --- | --- |\n");
    target.forEach((k, v) -> {
      if (!(v instanceof Map<?, ?>)) {
        md.append("| ").append(k).append(" | ").append(v == null ? "n/a" : cell(v)).append(" |\n");
      }
    });
    if (target.get("shadow") instanceof Map<?, ?> shadow) {
      md.append("\n## Shadow model (same architecture, trained on the SHADOW_MEMBER sequences)\n\n")
          .append("| metric | value |\n| --- | --- |\n");
      shadow.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
    }
    md.append("\n## Verdicts\n\n").append(published).append(" of ").append(expected)
        .append(" expected verdicts published").append(published == expected ? "." : " (mismatch).").append('\n');
    Map<String, Long> latency = ReportWriter.latency(report);
    if (latency != null) {
      md.append("Latency from a sequence reaching the trainer to its verdict (the bulk run: it includes training the"
          + " target and the attack), over ").append(latency.get("count")).append(" verdicts: p50 ")
          .append(latency.get("p50")).append(" ms, p99 ").append(latency.get("p99")).append(" ms, max ")
          .append(latency.get("max")).append(" ms.\n");
    }
    return md.toString();
  }

  static String[] row(AttackResult r) {
    Map<String, Double> m = r.getMetrics();
    return new String[] {r.getName(), r.getMode(), r.getNegatives(), num(r.getAuc()),
        "[" + num(m.get(ReportWriter.CI_LOW)) + ", " + num(m.get(ReportWriter.CI_HIGH)) + "]", num(m.get("singlePointAuc")),
        withInterval(m, "tprAt1Fpr"), withInterval(m, "tprAt01Fpr"), num(r.getAccuracy()), num(r.getPrecision()),
        num(r.getRecall()), num(r.getF1()), Long.toString(r.getMembers()), Long.toString(r.getNonMembers())};
  }

  /** "0.412 [0.380, 0.445]", or the value alone for reports written before the TPR intervals. */
  private static String withInterval(Map<String, Double> m, String key) {
    Double low = m.get(key + "CiLow");
    Double high = m.get(key + "CiHigh");
    return num(m.get(key)) + (low == null || high == null ? "" : " [" + num(low) + ", " + num(high) + "]");
  }

  private static String num(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String cell(Object v) {
    if (v instanceof Double || v instanceof Float) {
      return String.format(Locale.ROOT, "%.3f", ((Number) v).doubleValue());
    }
    return String.valueOf(v).replace("|", "\\|");
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
