package io.seqmia.cli;

import io.seqmia.attacker.AttackReports;
import io.seqmia.attacker.AttackRun;
import io.seqmia.attacker.AttackRunner;
import io.seqmia.attacker.AttackerConfig;
import io.seqmia.attacker.MlpAttack;
import io.seqmia.attacker.report.ReportWriter;
import io.seqmia.broker.TopicReader;
import io.seqmia.data.ClickReader;
import io.seqmia.data.DatasetStats;
import io.seqmia.data.RejectListener;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqmia report}: recomputes the full report of one scored model from the topics (score vectors,
 * MODEL_TRAINED, SCORING_COMPLETE) and writes it into a folder: report.json, report.md, attack-scores.csv
 * and the plots. The attacks are deterministic for a seed, so with the attacker's seed the numbers are the
 * ones the attacker published; nothing is written to Kafka.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Recompute the audit report of a scored model from the topics and write report.json, report.md, "
        + "attack-scores.csv, report.html, roc.png, roc-log.png, score-hist.png, tsne.png and training-curves.png.",
        "Pass the click files with --data to include the data set's Table 1."})
final class ReportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin FormatOption formatOption;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "seqmia-report",
      description = "Report folder (created; files in it are replaced). Default ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "The target model version to report on (default: the latest SCORING_COMPLETE).")
  String modelVersion;

  @Option(names = "--seed", defaultValue = "" + AttackerConfig.DEFAULT_SEED,
      description = "Seed of the attacks (use the attacker's to reproduce its numbers; default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threshold", defaultValue = "" + AttackRunner.DEFAULT_THRESHOLD,
      description = "Member-probability threshold of the MLP's decision (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--data", paramLabel = "FILE", split = ",",
      description = "Click files the run replayed (comma-separated), for Table 1.")
  List<Path> data;

  @Option(names = "--eval-max", paramLabel = "N", defaultValue = "" + io.seqmia.attacker.AttackerConfig.DEFAULT_EVAL_MAX,
      description = "Attack a seeded sample of at most N target (and N shadow) vectors, as the attacker's"
          + " attacker.eval.max does (default ${DEFAULT-VALUE}; use the attacker's value to reproduce its numbers).")
  int evalMax;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    List<ControlEvent> control = new ArrayList<>();
    for (ConsumerRecord<String, ControlEvent> r : TopicReader.readAll(kafka.client().asMap(), kafka.topics().control())) {
      if (r.value() != null) {
        control.add(r.value());
      }
    }
    ControlEvent complete = null;
    for (ControlEvent e : control) {
      if (e.getType() == ControlType.SCORING_COMPLETE && (modelVersion == null
          || modelVersion.equals(e.getAttributes().get(AttackerServiceKeys.MODEL_VERSION)))) {
        complete = e; // the latest matching one
      }
    }
    if (complete == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), modelVersion == null
          ? "no SCORING_COMPLETE on " + kafka.topics().control().name() + ": has the trainer scored a model yet?"
          : "no SCORING_COMPLETE for model version " + modelVersion + " on " + kafka.topics().control().name());
    }
    String version = complete.getAttributes().get(AttackerServiceKeys.MODEL_VERSION);
    String shadowVersion = complete.getAttributes().get(AttackerServiceKeys.SHADOW_MODEL_VERSION);
    Map<String, Double> targetMetrics = Map.of();
    Map<String, String> targetAttributes = Map.of();
    Map<String, java.util.List<Double>> series = Map.of();
    io.seqmia.attacker.Vocabularies vocabularies = new io.seqmia.attacker.Vocabularies();
    control.forEach(vocabularies::accept); // recommendations of v3 vectors are indices into these
    for (ControlEvent e : control) {
      if (e.getType() == ControlType.MODEL_TRAINED && version.equals(e.getAttributes().get(AttackerServiceKeys.MODEL_VERSION))) {
        targetMetrics = e.getMetrics();
        targetAttributes = e.getAttributes();
        series = e.getSeries();
      }
    }
    Map<String, ScoreVector> target = new LinkedHashMap<>();
    Map<String, ScoreVector> shadow = new LinkedHashMap<>();
    for (ConsumerRecord<String, ScoreVector> r : TopicReader.readAll(kafka.client().asMap(), kafka.topics().scoreVectors())) {
      ScoreVector v = r.value();
      if (v == null) {
        continue;
      }
      ModelRole role = ModelRoles.of(v);
      if (version.equals(v.getModelVersion()) && role == ModelRole.TARGET) {
        target.put(v.getSequenceId(), v);
      } else if (shadowVersion != null && shadowVersion.equals(v.getModelVersion()) && role == ModelRole.SHADOW) {
        shadow.put(v.getSequenceId(), v);
      }
    }
    long verdicts = 0;
    for (ConsumerRecord<String, MembershipVerdict> r
        : TopicReader.readAll(kafka.client().asMap(), kafka.topics().membershipVerdicts())) {
      if (r.value() != null && version.equals(r.value().getTargetModelVersion())) {
        verdicts++;
      }
    }
    console.printf("model %s: %,d target and %,d shadow score vectors; attacking (seed %d)...%n", version,
        target.size(), shadow.size(), seed);
    AttackRunner runner = new AttackRunner(threshold, MlpAttack.Config.defaults());
    List<ScoreVector> targetSample = io.seqmia.attacker.AttackSample.target(new ArrayList<>(target.values()), evalMax,
        seed);
    List<ScoreVector> shadowSample = io.seqmia.attacker.AttackSample.shadow(new ArrayList<>(shadow.values()), evalMax,
        seed);
    vocabularies.resolve(targetSample);
    vocabularies.resolve(shadowSample);
    try (AttackRun run = runner.run(targetSample, shadowSample, seed, false, targetMetrics,
        vocabularies.inVocabulary(version))) {
      AttackReport report = AttackReports.of(complete.getRunId(), run, targetMetrics, targetAttributes,
          target.size(), verdicts);
      report.setSample(new java.util.HashMap<>(Map.of("vectorsHeld", (double) target.size(), "vectorsSampled",
          (double) targetSample.size(), "evalMax", (double) evalMax, "seed", (double) seed, "shadowVectorsHeld",
          (double) shadow.size(), "shadowVectorsSampled", (double) shadowSample.size())));
      report.setSeries(new java.util.HashMap<>(series));
      ReportWriter.write(out, report, dataset(), Map.of(), target.size(), verdicts, run.artefacts(), run.skipped(),
          seed);
      console.print(ReportWriter.resultsTable(report));
      console.println(ReportWriter.summary(report));
      console.printf("report written to %s%n", out.toAbsolutePath());
    }
    return 0;
  }

  /** Table 1 from the click files, or a note saying how to get it. */
  private Map<String, Object> dataset() {
    if (data == null || data.isEmpty()) {
      return Map.of("source", "not given (pass --data FILE to include the data set's statistics)");
    }
    formatOption.formatsOf(data);
    try (ClickReader reader = formatOption.open(data, RejectListener.NONE)) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("source", data.toString());
      out.putAll(DatasetStats.compute(reader).toMap());
      return out;
    }
  }

  /** The control attributes the report reads (the trainer's names, repeated here to keep cli off the trainer's internals). */
  private static final class AttackerServiceKeys {
    static final String MODEL_VERSION = io.seqmia.attacker.AttackerService.MODEL_VERSION;
    static final String SHADOW_MODEL_VERSION = io.seqmia.attacker.AttackerService.SHADOW_MODEL_VERSION;
  }
}
