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
  public static final String CURVES_FILE = "training-curves.png";
  public static final String HTML_FILE = "report.html";
  /** t-SNE is quadratic in the points: a seeded sample of at most this many evaluated sequences is drawn. */
  public static final int TSNE_MAX_POINTS = 1500;
  static final String TRAIN_LOSS = "trainLoss";
  static final String HELD_OUT_LOSS = "heldOutLoss";
  /** Metrics of a result: the bounds of its AUC's 95% bootstrap interval. */
  static final String CI_LOW = "aucCiLow";
  static final String CI_HIGH = "aucCiHigh";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
    ReportHtml.write(dir, report, dataset == null ? Map.of() : dataset, sequences == null ? Map.of() : sequences,
        verdictsExpected, verdictsPublished, skipped == null ? List.of() : skipped);
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
      if (!report.getSeries().isEmpty()) {
        Plots.trainingCurves(dir.resolve(CURVES_FILE), report.getSeries());
      }
      JSON.writeValue(dir.resolve(JSON_FILE).toFile(), root);
      Files.writeString(dir.resolve(MARKDOWN_FILE),
          ReportMarkdown.render(report, data, seqs, verdictsExpected, verdictsPublished, skipped),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The console table of every attack result, one row per attack and negatives set. */
  public static String resultsTable(AttackReport report) {
    return ReportMarkdown.resultsTable(report);
  }

  /** A plain-language reading of the numbers, for the report and the console. */
  public static String summary(AttackReport report) {
    return ReportReading.summary(report);
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
    root.put("curves", new java.util.TreeMap<>(report.getSeries()));
    List<Map<String, Object>> attacks = new ArrayList<>();
    for (AttackResult r : report.getAttacks()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", r.getName());
      a.put("mode", r.getMode());
      a.put("negatives", r.getNegatives());
      a.put("auc", r.getAuc());
      a.put("aucCi", interval(r, CI_LOW, CI_HIGH));
      a.put("singlePointAuc", r.getMetrics().get("singlePointAuc"));
      a.put("balancedAccuracy", r.getMetrics().get(io.seqmia.attacker.AttackRunner.BALANCED_ACCURACY));
      a.put("tprAt1Fpr", r.getMetrics().get("tprAt1Fpr"));
      a.put("tprAt1FprCi", interval(r, io.seqmia.attacker.AttackRunner.TPR_AT_1_FPR_CI_LOW,
          io.seqmia.attacker.AttackRunner.TPR_AT_1_FPR_CI_HIGH));
      a.put("tprAt01Fpr", r.getMetrics().get("tprAt01Fpr"));
      a.put("tprAt01FprCi", interval(r, io.seqmia.attacker.AttackRunner.TPR_AT_01_FPR_CI_LOW,
          io.seqmia.attacker.AttackRunner.TPR_AT_01_FPR_CI_HIGH));
      a.put("bootstrapClusters", r.getMetrics().get(io.seqmia.attacker.AttackRunner.BOOTSTRAP_CLUSTERS));
      a.put("accuracy", r.getAccuracy());
      a.put("precision", r.getPrecision());
      a.put("recall", r.getRecall());
      a.put("f1", r.getF1());
      a.put("members", r.getMembers());
      a.put("nonMembers", r.getNonMembers());
      a.put("threshold", r.getMetrics().get("threshold"));
      a.put("trainSeconds", r.getMetrics().get(io.seqmia.attacker.AttackRunner.TRAIN_SECONDS)); // the labelled MLP only
      attacks.add(a);
    }
    root.put("attacks", attacks);
    Map<String, Object> verdicts = new LinkedHashMap<>();
    verdicts.put("expected", expected);
    verdicts.put("published", published);
    verdicts.put("latencyMs", latency(report)); // null: not measured (e.g. `seqmia report` recomputed the attack)
    root.put("verdicts", verdicts);
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
  static final String COMPLETE = io.seqmia.schemas.ControlAttributes.COMPLETE;
  static final String SEQUENCES_EXPECTED = io.seqmia.schemas.ControlAttributes.SEQUENCES_EXPECTED;
  static final String SEQUENCES_HELD = io.seqmia.schemas.ControlAttributes.SEQUENCES_HELD;

  /** The trainer's {@value #COMPLETE} attribute; null when it did not say (a trainer from before it did). */
  static Boolean complete(AttackReport report) {
    String raw = report.getTargetAttributes().get(COMPLETE);
    return raw == null ? null : Boolean.valueOf(raw.trim());
  }

  /**
   * The bulk verdicts' latency as the attacker measured it: count, p50, p99, max (milliseconds from a sequence
   * reaching the trainer to its verdict; training the target and the attack included), or null.
   */
  static Map<String, Long> latency(AttackReport report) {
    if (report.getVerdictLatencyMs().isEmpty()) {
      return null;
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String key : List.of(io.seqmia.attacker.VerdictLatency.COUNT, io.seqmia.attacker.VerdictLatency.P50,
        io.seqmia.attacker.VerdictLatency.P99, io.seqmia.attacker.VerdictLatency.MAX)) {
      out.put(key, whole(report.getVerdictLatencyMs().get(key)));
    }
    return out;
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
    Long flushed = whole(t.get(io.seqmia.schemas.ControlAttributes.PARTITIONS_FLUSHED));
    Long partitions = whole(t.get(io.seqmia.schemas.ControlAttributes.CLICKS_PARTITIONS));
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

  static final String MEMBERS_AVAILABLE = io.seqmia.schemas.ControlAttributes.MEMBERS_AVAILABLE;
  static final String TRAIN_SEQUENCES = "trainSequences";
  static final String MEMBER_SAMPLE = io.seqmia.schemas.ControlAttributes.MEMBER_SAMPLE;
  static final String SAMPLE_SEED = io.seqmia.schemas.ControlAttributes.SAMPLE_SEED;

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
  static final String SHADOW_PREFIX = io.seqmia.schemas.ControlAttributes.SHADOW_PREFIX;

  /**
   * trainLoss and heldOutLoss first, then every other key in name order; the shadow model's
   * {@code shadow.*} metrics go into a nested {@code shadow} object with the same key names.
   */
  static Map<String, Object> target(AttackReport report) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put(TRAIN_LOSS, report.getTarget().get(TRAIN_LOSS));
    t.put(HELD_OUT_LOSS, report.getTarget().get(HELD_OUT_LOSS));
    for (String word : new String[] {io.seqmia.schemas.ControlAttributes.PRESET, io.seqmia.schemas.ControlAttributes.DEVICE}) {
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

  /** [low, high] of one of a result's intervals, or null when the report predates it. */
  private static List<Double> interval(AttackResult r, String lowKey, String highKey) {
    Double low = r.getMetrics().get(lowKey);
    Double high = r.getMetrics().get(highKey);
    return low == null || high == null ? null : List.of(low, high);
  }
}
