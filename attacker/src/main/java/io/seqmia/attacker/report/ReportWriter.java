package io.seqmia.attacker.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.AttackResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes an attack run as {@code report.json} (for machines), {@code report.md} (for people) and, when the
 * run's per-sequence scores are given, {@code attack-scores.csv} (to recompute every metric),
 * {@code roc.png}, {@code roc-log.png}, {@code score-hist.png} and {@code tsne.png}.
 */
public final class ReportWriter {

  public static final String JSON_FILE = "report.json";
  public static final String MARKDOWN_FILE = "report.md";
  public static final String SCORES_FILE = "attack-scores.csv";
  public static final String ROC_FILE = "roc.png";
  public static final String ROC_LOG_FILE = "roc-log.png";
  public static final String HISTOGRAM_FILE = "score-hist.png";
  public static final String TSNE_FILE = "tsne.png";
  /** t-SNE is quadratic in the points: a seeded sample of at most this many evaluated sequences is drawn. */
  public static final int TSNE_MAX_POINTS = 1500;
  /** The seed paper's Table 2 on YooChoose, quoted in the reading for comparison. */
  static final double PAPER_MLP_AUC = 0.90012;
  static final double PAPER_DL_MIA_AUC = 0.50352;
  static final double PAPER_BIASED_MIA_AUC = 0.50694;
  static final String TRAIN_LOSS = "trainLoss";
  static final String HELD_OUT_LOSS = "heldOutLoss";
  private static final String MLP = "seqmia-mlp";
  private static final String CI_LOW = "aucCiLow";
  private static final String CI_HIGH = "aucCiHigh";
  private static final String LOSS_THRESHOLD = "loss-threshold";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Columns of the results table: header, then how to read the value from a result. */
  private static final String[] HEADER = {"attack", "mode", "negatives", "AUC", "AUC 95% CI", "1-pt AUC",
      "TPR@1%FPR", "TPR@0.1%FPR", "accuracy", "precision", "recall", "F1", "members", "non-members"};

  private ReportWriter() {}

  public static void write(Path dir, AttackReport report, Map<String, Object> dataset, long verdictsExpected,
      long verdictsPublished) {
    write(dir, report, dataset, Map.of(), verdictsExpected, verdictsPublished);
  }

  /**
   * Writes report.json and report.md.
   *
   * @param sequences what the streams-app emitted (counts; {@code splits} a map); empty to leave it out
   */
  public static void write(Path dir, AttackReport report, Map<String, Object> dataset, Map<String, Object> sequences,
      long verdictsExpected, long verdictsPublished) {
    write(dir, report, dataset, sequences, verdictsExpected, verdictsPublished, null, List.of(), 0L);
  }

  /**
   * Writes report.json and report.md and, with {@code artefacts}, the per-sequence scores and the plots.
   *
   * @param skipped attacks that could not run, with their reasons (listed in both reports)
   * @param seed draws the t-SNE sample and initialisation
   */
  public static void write(Path dir, AttackReport report, Map<String, Object> dataset, Map<String, Object> sequences,
      long verdictsExpected, long verdictsPublished, io.seqmia.attacker.ReportArtefacts artefacts,
      List<String> skipped, long seed) {
    writeReports(dir, report, dataset, sequences, verdictsExpected, verdictsPublished,
        skipped == null ? List.of() : skipped);
    if (artefacts != null) {
      writeArtefacts(dir, artefacts, seed);
    }
  }

  /** attack-scores.csv and the four figures. */
  static void writeArtefacts(Path dir, io.seqmia.attacker.ReportArtefacts artefacts, long seed) {
    AttackScoresCsv.write(dir.resolve(SCORES_FILE), artefacts.scores());
    Plots.roc(dir.resolve(ROC_FILE), artefacts.scores(), false);
    Plots.roc(dir.resolve(ROC_LOG_FILE), artefacts.scores(), true);
    Plots.scoreHistogram(dir.resolve(HISTOGRAM_FILE), artefacts.scores());
    TsneFigure.write(dir.resolve(TSNE_FILE), artefacts.features(), artefacts.members(), TSNE_MAX_POINTS, seed);
  }

  private static void writeReports(Path dir, AttackReport report, Map<String, Object> dataset,
      Map<String, Object> sequences, long verdictsExpected, long verdictsPublished, List<String> skipped) {
    if (dir == null || report == null) {
      throw new IllegalArgumentException("report directory and report must not be null");
    }
    Map<String, Object> data = dataset == null ? Map.of() : dataset;
    Map<String, Object> seqs = sequences == null ? Map.of() : sequences;
    try {
      Files.createDirectories(dir);
      Map<String, Object> root = json(report, data, seqs, verdictsExpected, verdictsPublished);
      root.put("skipped", skipped);
      JSON.writeValue(dir.resolve(JSON_FILE).toFile(), root);
      Files.writeString(dir.resolve(MARKDOWN_FILE),
          markdown(report, data, seqs, verdictsExpected, verdictsPublished, skipped), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The console table of every attack result, one row per attack and negatives set. */
  public static String resultsTable(AttackReport report) {
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

  /** A plain-language reading of the numbers, for the report and the console. */
  public static String summary(AttackReport report) {
    List<AttackResult> attacks = report.getAttacks();
    if (attacks.isEmpty()) {
      return "No attack results: nothing to read.";
    }
    AttackResult main = find(report, MLP, "all").orElse(attacks.get(0));
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "The %s attack (%s) separates %d members from %d non-members with AUC %.2f versus 0.50 for chance: %s.",
        main.getName(), main.getMode(), main.getMembers(), main.getNonMembers(), main.getAuc(), strength(main.getAuc())));
    Double tpr = main.getMetrics().get("tprAt1Fpr");
    if (tpr != null) {
      s.append(String.format(Locale.ROOT,
          " At a 1%% false-positive rate it identifies %.1f%% of the members.", 100 * tpr));
    }
    find(report, LOSS_THRESHOLD, "all").filter(r -> r != main).ifPresent(r -> s.append(String.format(Locale.ROOT,
        " The label-free loss-threshold baseline reaches AUC %.2f.", r.getAuc())));
    Optional<AttackResult> original = find(report, main.getName().toString(), "original");
    Optional<AttackResult> augmented = find(report, main.getName().toString(), "augmented");
    if (original.isPresent() && augmented.isPresent()) {
      double o = original.get().getAuc();
      double a = augmented.get().getAuc();
      s.append(String.format(Locale.ROOT, " Against original non-members its AUC is %.2f, against augmented"
          + " variants (one item swapped for a similar one) %.2f%s.", o, a,
          a < o - 0.02 ? ", so near-copies of sequences are harder to tell apart from the real ones"
              : a > o + 0.02 ? ", so augmented variants are easier to reject than original non-members"
              : ", about the same"));
    }
    find(report, MLP, "shadow", "all").ifPresent(r -> s.append(String.format(Locale.ROOT,
        " Trained on the shadow model only (no target label), it reaches AUC %.2f.", r.getAuc())));
    StringBuilder baselines = new StringBuilder();
    for (String name : new String[] {"biased-mia", "dl-mia"}) {
      find(report, name, "all").ifPresent(r -> baselines.append(baselines.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s %.2f (single-point %.2f)", name, r.getAuc(),
              r.getMetrics().getOrDefault("singlePointAuc", Double.NaN))));
    }
    if (baselines.length() > 0) {
      s.append(" The literature's baselines: ").append(baselines).append('.');
    }
    s.append(String.format(Locale.ROOT, " For comparison, the seed paper reports AUC %.2f for its method on"
        + " YooChoose against %.2f (DL-MIA) and %.2f (Biased-MIA)", PAPER_MLP_AUC, PAPER_DL_MIA_AUC,
        PAPER_BIASED_MIA_AUC));
    find(report, MLP, "labelled", "all").ifPresent(r -> s.append(r.getAuc() >= PAPER_MLP_AUC
        ? "; this run's labelled-mode AUC is at or above it."
        : String.format(Locale.ROOT, "; this run's labelled-mode AUC is %.2f below it%s.", PAPER_MLP_AUC - r.getAuc(),
            gapExplanation(report))));
    Double train = report.getTarget().get(TRAIN_LOSS);
    Double heldOut = report.getTarget().get(HELD_OUT_LOSS);
    if (train != null && heldOut != null) {
      s.append(String.format(Locale.ROOT, " The target's held-out loss (%.3f) is %s its training loss (%.3f)%s.",
          heldOut, heldOut >= train ? "above" : "below", train,
          heldOut > train ? String.format(Locale.ROOT, " by %.3f: the generalisation gap the attack exploits",
              heldOut - train) : ""));
    }
    return s.toString();
  }

  /** Evidence from the run for a weaker attack than the paper's: how little the target overfits. */
  private static String gapExplanation(AttackReport report) {
    Double members = report.getTarget().get("memberNll");
    Double nonMembers = report.getTarget().get("nonMemberNll");
    Double recallM = report.getTarget().get("recallAt20Members");
    Double recallN = report.getTarget().get("recallAt20NonMembers");
    StringBuilder e = new StringBuilder();
    if (members != null && nonMembers != null) {
      e.append(String.format(Locale.ROOT, ": the target's NLL is %.2f on members and %.2f on non-members", members,
          nonMembers));
      if (recallM != null && recallN != null) {
        e.append(String.format(Locale.ROOT, ", Recall@20 %.2f against %.2f", recallM, recallN));
      }
      e.append(", and the attack can only be as strong as that generalisation gap");
    }
    return e.toString();
  }

  private static Optional<AttackResult> find(AttackReport report, String name, String mode, String negatives) {
    return report.getAttacks().stream().filter(r -> r.getName().equals(name) && r.getMode().equals(mode)
        && r.getNegatives().equals(negatives)).findFirst();
  }

  static String strength(double auc) {
    if (auc >= 0.9) return "strong membership leakage";
    if (auc >= 0.7) return "clear membership leakage";
    if (auc >= 0.6) return "moderate membership leakage";
    if (auc >= 0.55) return "weak membership leakage";
    if (auc > 0.45) return "no measurable membership leakage at this sample size";
    return "below chance, which points to a problem in the attack rather than to leakage";
  }

  private static Map<String, Object> json(AttackReport report, Map<String, Object> dataset,
      Map<String, Object> sequences, long expected, long published) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("runId", report.getRunId());
    root.put("createdAt", report.getCreatedAt().toString());
    root.put("targetModelVersion", report.getTargetModelVersion());
    root.put("attackModelVersion", report.getAttackModelVersion());
    root.put("dataset", dataset);
    if (!sequences.isEmpty()) {
      root.put("sequences", sequences);
    }
    root.put("target", target(report));
    List<Map<String, Object>> attacks = new ArrayList<>();
    for (AttackResult r : report.getAttacks()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", r.getName());
      a.put("mode", r.getMode());
      a.put("negatives", r.getNegatives());
      a.put("auc", r.getAuc());
      Double low = r.getMetrics().get(CI_LOW);
      Double high = r.getMetrics().get(CI_HIGH);
      a.put("aucCi", low == null || high == null ? null : List.of(low, high));
      a.put("singlePointAuc", r.getMetrics().get("singlePointAuc"));
      a.put("tprAt1Fpr", r.getMetrics().get("tprAt1Fpr"));
      a.put("tprAt01Fpr", r.getMetrics().get("tprAt01Fpr"));
      a.put("accuracy", r.getAccuracy());
      a.put("precision", r.getPrecision());
      a.put("recall", r.getRecall());
      a.put("f1", r.getF1());
      a.put("members", r.getMembers());
      a.put("nonMembers", r.getNonMembers());
      a.put("threshold", r.getMetrics().get("threshold"));
      attacks.add(a);
    }
    root.put("attacks", attacks);
    root.put("verdicts", Map.of("expected", expected, "published", published));
    if (!report.getSample().isEmpty()) {
      Map<String, Object> sample = new LinkedHashMap<>();
      sample.put("sampled", attackSampled(report));
      new TreeMap<>(report.getSample()).forEach((k, v) -> sample.put(k, whole(v)));
      root.put("attackSample", sample);
    }
    root.put("summary", summary(report));
    return root;
  }

  /** Target attribute (a word) and metrics of the trainer: did it train on the whole data set? */
  static final String COMPLETE = "complete";
  static final String SEQUENCES_EXPECTED = "sequencesExpected";
  static final String SEQUENCES_HELD = "sequencesHeld";

  /** The trainer's {@value #COMPLETE} attribute; null when it did not say (a trainer from before it did). */
  static Boolean complete(AttackReport report) {
    String raw = report.getTargetAttributes().get(COMPLETE);
    return raw == null ? null : Boolean.valueOf(raw.trim());
  }

  private static Long whole(Double v) {
    return v == null ? null : Math.round(v);
  }

  /**
   * One plain sentence on whether the target saw the whole data set, for report.md and the console; null when
   * the trainer did not say. An incomplete one starts with "WARNING".
   */
  public static String completeness(AttackReport report) {
    Boolean complete = complete(report);
    if (complete == null) {
      return null;
    }
    Map<String, Double> t = report.getTarget();
    Long held = whole(t.get(SEQUENCES_HELD));
    Long expected = whole(t.get(SEQUENCES_EXPECTED));
    Long flushed = whole(t.get("partitionsFlushed"));
    Long partitions = whole(t.get("clicksPartitions"));
    String counts = String.format(Locale.ROOT, "%s sequences held, %s",
        held == null ? "?" : String.format(Locale.ROOT, "%,d", held),
        expected == null ? "no count announced by the streams-app"
            : String.format(Locale.ROOT, "%,d announced by the streams-app's flushes", expected));
    if (complete) {
      return "Data set complete: the trainer saw every clicks partition flushed before training (" + counts + ").";
    }
    return "WARNING: the target was trained on a PARTIAL data set: only "
        + (flushed == null || partitions == null ? "some" : flushed + " of " + partitions)
        + " clicks partitions were flushed when the trainer stopped waiting (no progress for its timeout); "
        + counts + (expected != null && flushed != null && partitions != null && flushed < partitions
            ? " so far, and the unflushed partitions' sequences are missing" : "")
        + ". Every number in this report describes that subset, not the whole data set.";
  }

  static final String MEMBERS_AVAILABLE = "membersAvailable";
  static final String TRAIN_SEQUENCES = "trainSequences";
  static final String MEMBER_SAMPLE = "memberSample";
  static final String SAMPLE_SEED = "sampleSeed";

  /**
   * The members the target trained on ({@code trainer.sample.members}): {@code sampled}, {@code membersAvailable},
   * {@code membersTrainedOn}, {@code seed}; null when the trainer did not say (a trainer from before the sample).
   */
  static Map<String, Object> memberSample(AttackReport report) {
    Long available = whole(report.getTarget().get(MEMBERS_AVAILABLE));
    if (available == null) {
      return null;
    }
    Long trained = whole(report.getTarget().get(TRAIN_SEQUENCES));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("sampled", trained != null && trained < available);
    s.put(MEMBERS_AVAILABLE, available);
    s.put("membersTrainedOn", trained);
    String seed = report.getTargetAttributes().get(SAMPLE_SEED);
    s.put("seed", seed == null ? null : Long.valueOf(seed.trim()));
    return s;
  }

  /** Whether the attacks ran on a sample of the target's vectors (attacker.eval.max). */
  static boolean attackSampled(AttackReport report) {
    Double held = report.getSample().get("vectorsHeld");
    Double sampled = report.getSample().get("vectorsSampled");
    return held != null && sampled != null && sampled < held;
  }

  /** One sentence on the attacker's sample when it is one; null otherwise. */
  public static String attackSampleSentence(AttackReport report) {
    if (!attackSampled(report)) {
      return null;
    }
    Map<String, Double> s = report.getSample();
    return String.format(Locale.ROOT, "Attack sample: the attacks trained and were evaluated on a seeded sample of"
        + " %,d of the %,d target score vectors (attacker.eval.max = %,d, seed %d)%s; every scored vector still got"
        + " a verdict.", whole(s.get("vectorsSampled")), whole(s.get("vectorsHeld")), whole(s.get("evalMax")),
        whole(s.get("seed")), s.get("shadowVectorsSampled") == null ? "" : String.format(Locale.ROOT,
            ", the shadow-mode attacks on %,d of the shadow model's %,d", whole(s.get("shadowVectorsSampled")),
            whole(s.get("shadowVectorsHeld"))));
  }

  /** One sentence on the member sample for report.md and the console; null when the trainer did not say. */
  public static String sampleSentence(AttackReport report) {
    Map<String, Object> s = memberSample(report);
    if (s == null) {
      return null;
    }
    if (Boolean.TRUE.equals(s.get("sampled"))) {
      return String.format(Locale.ROOT, "Member sample: the target trained on a seeded sample of %,d of its %,d"
          + " TARGET_MEMBER sequences (trainer.sample.members, seed %s); every non-member and variant was still"
          + " scored, and the attack's meaning is unchanged (members are the sequences it trained on).",
          s.get("membersTrainedOn"), s.get(MEMBERS_AVAILABLE), s.get("seed"));
    }
    return String.format(Locale.ROOT, "The target trained on all %,d TARGET_MEMBER sequences.",
        s.get(MEMBERS_AVAILABLE));
  }

  /** Keys of the trainer's metrics that describe the shadow model ({@code shadow.trainLoss}, ...). */
  static final String SHADOW_PREFIX = "shadow.";

  /**
   * trainLoss and heldOutLoss first, then every other key in name order; the shadow model's
   * {@code shadow.*} metrics go into a nested {@code shadow} object with the same key names.
   */
  private static Map<String, Object> target(AttackReport report) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put(TRAIN_LOSS, report.getTarget().get(TRAIN_LOSS));
    t.put(HELD_OUT_LOSS, report.getTarget().get(HELD_OUT_LOSS));
    for (String word : new String[] {"preset", "device"}) {
      String value = report.getTargetAttributes().get(word);
      if (value != null) {
        t.put(word, value);
      }
    }
    Boolean complete = complete(report);
    if (complete != null) {
      t.put(COMPLETE, complete);
      t.put(SEQUENCES_EXPECTED, whole(report.getTarget().get(SEQUENCES_EXPECTED)));
      t.put(SEQUENCES_HELD, whole(report.getTarget().get(SEQUENCES_HELD)));
    }
    Map<String, Object> sample = memberSample(report);
    if (sample != null) {
      t.put("sample", sample);
    }
    Map<String, Object> shadow = new LinkedHashMap<>();
    new TreeMap<>(report.getTarget()).forEach((k, v) -> {
      if (k.startsWith(SHADOW_PREFIX)) {
        shadow.put(k.substring(SHADOW_PREFIX.length()), v);
      } else {
        t.putIfAbsent(k, v);
      }
    });
    if (!shadow.isEmpty()) {
      t.put("shadow", shadow);
    }
    return t;
  }

  private static String markdown(AttackReport report, Map<String, Object> dataset, Map<String, Object> sequences,
      long expected, long published, List<String> skipped) {
    StringBuilder md = new StringBuilder();
    md.append("# seqmia membership-inference audit\n\n");
    md.append("Run `").append(report.getRunId()).append("`, target model `").append(report.getTargetModelVersion())
        .append("`, attack model `").append(report.getAttackModelVersion()).append("`, created ")
        .append(report.getCreatedAt()).append(".\n\n");
    String completeness = completeness(report);
    if (completeness != null) {
      md.append(completeness.startsWith("WARNING") ? "> **" + completeness + "**" : completeness).append("\n\n");
    }
    for (String sentence : new String[] {sampleSentence(report), attackSampleSentence(report)}) {
      if (sentence != null) {
        md.append(sentence).append("\n\n");
      }
    }
    md.append("## Reading\n\n").append(summary(report)).append("\n\n");
    md.append("## Table 1: data set\n\n| property | value |\n| --- | --- |\n");
    dataset.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
    if (!sequences.isEmpty()) {
      md.append("\n### Sequences (what the streams-app emitted)\n\n| count | value |\n| --- | --- |\n");
      sequences.forEach((k, v) -> md.append("| ").append(k).append(" | ")
          .append(v instanceof Map<?, ?> m ? m.toString() : cell(v)).append(" |\n"));
    }
    md.append("\n## Table 2: attacks\n\n");
    md.append("Every row is evaluated on the same sequences: the target's score vectors whose membership the attacker"
        + " was not given (attackerKnows = false). Members are all of their members; `negatives` names the"
        + " non-members they are compared with (`all`, `original` sessions, or `augmented` near-copies of"
        + " sessions). Mode `labelled`: trained on the target's labelled vectors (the seed paper's setting);"
        + " `shadow`: trained on a shadow model's vectors only, no target label (Shokri et al.); `none`: no"
        + " training. AUC: threshold swept over all scores, ties counted half, with a 95% stratified bootstrap"
        + " interval; 1-pt AUC: (1 + TPR - FPR)/2 at the decision threshold, what the Biased-MIA and DL-MIA"
        + " reference code reports as \"AUC\". The TPR at a low FPR rests on few non-members: at 0.1% FPR and n"
        + " non-members, floor(n/1000) false positives are allowed.\n\n|");
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
        + " blue). `attack-scores.csv` holds every evaluated sequence's score under every attack and mode.\n");
    Map<String, Object> target = target(report);
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
    return md.toString();
  }

  private static String[] row(AttackResult r) {
    Map<String, Double> m = r.getMetrics();
    return new String[] {r.getName(), r.getMode(), r.getNegatives(), num(r.getAuc()),
        "[" + num(m.get(CI_LOW)) + ", " + num(m.get(CI_HIGH)) + "]", num(m.get("singlePointAuc")),
        num(m.get("tprAt1Fpr")), num(m.get("tprAt01Fpr")), num(r.getAccuracy()), num(r.getPrecision()),
        num(r.getRecall()), num(r.getF1()), Long.toString(r.getMembers()), Long.toString(r.getNonMembers())};
  }

  private static Optional<AttackResult> find(AttackReport report, String name, String negatives) {
    return report.getAttacks().stream()
        .filter(r -> r.getName().equals(name) && r.getNegatives().equals(negatives)).findFirst();
  }

  private static String num(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String cell(Object v) {
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
