package io.seqmia.attacker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.AttackResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private static AttackResult result(String name, String mode, String negatives, double auc, long nonMembers) {
    return AttackResult.newBuilder().setName(name).setMode(mode).setNegatives(negatives).setAuc(auc)
        .setAccuracy(0.81).setPrecision(0.77).setRecall(0.9).setF1(0.83).setMembers(150).setNonMembers(nonMembers)
        .setMetrics(Map.of("singlePointAuc", 0.8, "tprAt1Fpr", 0.25, "tprAt01Fpr", 0.05, "threshold", 0.5))
        .build();
  }

  private static AttackReport report(double mlpAuc) {
    return AttackReport.newBuilder()
        .setRunId("run-7")
        .setCreatedAt(Instant.parse("2025-01-02T03:04:05Z"))
        .setTargetModelVersion("target-v1")
        .setAttackModelVersion("seqmia-mlp/target-v1/seed-42")
        .setTarget(Map.of("trainLoss", 2.0, "heldOutLoss", 3.25, "epochs", 12.0))
        .setAttacks(List.of(
            result("seqmia-mlp", "labelled", "all", mlpAuc, 250),
            result("seqmia-mlp", "labelled", "original", mlpAuc + 0.03, 150),
            result("seqmia-mlp", "labelled", "augmented", mlpAuc - 0.1, 100),
            result("loss-threshold", "none", "all", 0.71, 250)))
        .setVerdictsExpected(801)
        .setVerdictsPublished(801)
        .build();
  }

  @Test
  void saysPlainlyWhenTheTargetTrainedOnAPartialDataSet(@TempDir Path dir) throws Exception {
    AttackReport partial = AttackReport.newBuilder(report(0.9))
        .setTarget(Map.of("trainLoss", 2.0, "heldOutLoss", 3.25, "sequencesHeld", 650.0, "sequencesExpected", 400.0,
            "partitionsFlushed", 1.0, "clicksPartitions", 2.0))
        .setTargetAttributes(Map.of("complete", "false", "preset", "overfit"))
        .build();
    ReportWriter.write(dir, partial, Map.of(), 801, 801);
    JsonNode target = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("target");
    assertTrue(target.get("complete").isBoolean());
    assertEquals(false, target.get("complete").asBoolean());
    assertEquals(400, target.get("sequencesExpected").asLong());
    assertEquals(650, target.get("sequencesHeld").asLong());
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("WARNING: the target was trained on a PARTIAL data set: only 1 of 2 clicks partitions"), md);
    assertTrue(ReportWriter.completeness(partial).contains("650 sequences held, 400 announced"),
        ReportWriter.completeness(partial));

    AttackReport whole = AttackReport.newBuilder(partial)
        .setTargetAttributes(Map.of("complete", "true")).build();
    ReportWriter.write(dir, whole, Map.of(), 801, 801);
    assertEquals(true, new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("target").get("complete")
        .asBoolean());
    assertTrue(Files.readString(dir.resolve("report.md")).contains("Data set complete"));
    // a trainer from before the attribute existed: nothing claimed either way
    assertEquals(null, ReportWriter.completeness(report(0.9)));
  }

  @Test
  void statesTheMemberSampleTheTargetTrainedOn(@TempDir Path dir) throws Exception {
    AttackReport sampled = AttackReport.newBuilder(report(0.9))
        .setTarget(Map.of("trainLoss", 2.0, "heldOutLoss", 3.25, "membersAvailable", 2_000_000.0,
            "trainSequences", 50_000.0))
        .setTargetAttributes(Map.of("memberSample", "50000", "sampleSeed", "42"))
        .build();
    ReportWriter.write(dir, sampled, Map.of(), 801, 801);
    JsonNode sample = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("target").get("sample");
    assertEquals(true, sample.get("sampled").asBoolean());
    assertEquals(2_000_000, sample.get("membersAvailable").asLong());
    assertEquals(50_000, sample.get("membersTrainedOn").asLong());
    assertEquals(42, sample.get("seed").asLong());
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("seeded sample of 50,000 of its 2,000,000 TARGET_MEMBER sequences"), md);

    AttackReport all = AttackReport.newBuilder(sampled)
        .setTarget(Map.of("membersAvailable", 120.0, "trainSequences", 120.0)).build();
    ReportWriter.write(dir, all, Map.of(), 801, 801);
    assertEquals(false, new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("target").get("sample")
        .get("sampled").asBoolean());
    assertTrue(Files.readString(dir.resolve("report.md")).contains("trained on all 120 TARGET_MEMBER sequences"));
    assertEquals(null, ReportWriter.sampleSentence(report(0.9)), "a trainer from before the sample: nothing said");

    AttackReport attackSampled = AttackReport.newBuilder(report(0.9)).setSample(Map.of("vectorsHeld", 7_000_000.0,
        "vectorsSampled", 200_000.0, "evalMax", 200_000.0, "seed", 42.0)).build();
    ReportWriter.write(dir, attackSampled, Map.of(), 801, 801);
    JsonNode attack = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("attackSample");
    assertEquals(true, attack.get("sampled").asBoolean());
    assertEquals(200_000, attack.get("vectorsSampled").asLong());
    assertTrue(Files.readString(dir.resolve("report.md")).contains("seeded sample of 200,000 of the 7,000,000 target"
        + " score vectors"));
  }

  @Test
  void writesJsonWithEveryField(@TempDir Path dir) throws Exception {
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("sessions", 1200);
    dataset.put("interactions", 9000);
    dataset.put("items", 340);
    dataset.put("avgSessionLength", 7.5);
    ReportWriter.write(dir.resolve("out"), report(0.93), dataset, 801, 800);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("out").resolve("report.json").toFile());
    assertEquals("run-7", json.get("runId").asText());
    assertEquals(1200, json.get("dataset").get("sessions").asInt());
    assertEquals(7.5, json.get("dataset").get("avgSessionLength").asDouble());
    assertEquals(2.0, json.get("target").get("trainLoss").asDouble());
    assertEquals(3.25, json.get("target").get("heldOutLoss").asDouble());
    assertEquals(12.0, json.get("target").get("epochs").asDouble());
    assertEquals(List.of("trainLoss", "heldOutLoss", "epochs"), fieldNames(json.get("target")));
    JsonNode attacks = json.get("attacks");
    assertEquals(4, attacks.size());
    JsonNode mlp = attacks.get(0);
    assertEquals("seqmia-mlp", mlp.get("name").asText());
    assertEquals("labelled", mlp.get("mode").asText());
    assertEquals("all", mlp.get("negatives").asText());
    assertEquals(0.93, mlp.get("auc").asDouble());
    assertEquals(0.8, mlp.get("singlePointAuc").asDouble());
    assertEquals(0.25, mlp.get("tprAt1Fpr").asDouble());
    assertEquals(0.05, mlp.get("tprAt01Fpr").asDouble());
    assertEquals(0.81, mlp.get("accuracy").asDouble());
    assertEquals(0.77, mlp.get("precision").asDouble());
    assertEquals(0.9, mlp.get("recall").asDouble());
    assertEquals(0.83, mlp.get("f1").asDouble());
    assertEquals(150, mlp.get("members").asLong());
    assertEquals(250, mlp.get("nonMembers").asLong());
    assertEquals("none", attacks.get(3).get("mode").asText());
    assertEquals(801, json.get("verdicts").get("expected").asLong());
    assertEquals(800, json.get("verdicts").get("published").asLong());
    assertTrue(json.get("verdicts").get("latencyMs").isNull(), "not measured: said as null, not as zeros");
    // the reading's headline: the labelled MLP against original non-members (0.93 + 0.03 in this report)
    assertTrue(json.get("summary").asText().contains("150 original non-members with AUC 0.96"),
        json.get("summary").asText());
  }

  @Test
  void theAttackersVerdictLatencyGoesIntoBothReports(@TempDir Path dir) throws Exception {
    AttackReport timed = AttackReport.newBuilder(report(0.9))
        .setVerdictLatencyMs(Map.of("count", 800.0, "p50", 41_000.0, "p99", 52_000.0, "max", 53_100.0)).build();
    ReportWriter.write(dir, timed, Map.of(), 801, 800);
    JsonNode latency = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("verdicts").get("latencyMs");
    assertEquals(List.of("count", "p50", "p99", "max"), fieldNames(latency));
    assertEquals(800, latency.get("count").asLong());
    assertEquals(52_000, latency.get("p99").asLong());
    assertTrue(Files.readString(dir.resolve("report.md")).contains("over 800 verdicts: p50 41000 ms, p99 52000 ms,"
        + " max 53100 ms"), Files.readString(dir.resolve("report.md")));
  }

  @Test
  void shadowMetricsAndSequencesGoIntoTheirOwnObjects(@TempDir Path dir) throws Exception {
    AttackReport withShadow = AttackReport.newBuilder(report(0.9))
        .setTarget(Map.of("trainLoss", 2.0, "heldOutLoss", 3.0, "shadow.trainLoss", 2.1, "shadow.heldOutLoss", 3.3))
        .setTargetAttributes(Map.of("preset", "overfit", "device", "cpu()", "modelVersion", "t1"))
        .build();
    Map<String, Object> sequences = new LinkedHashMap<>();
    sequences.put("original", 10L);
    sequences.put("splits", Map.of("TARGET_MEMBER", 3L));
    ReportWriter.write(dir, withShadow, Map.of("sessions", 12), sequences, 5, 5);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertEquals(List.of("trainLoss", "heldOutLoss", "preset", "device", "shadow"), fieldNames(json.get("target")));
    assertEquals("overfit", json.get("target").get("preset").asText());
    assertEquals("cpu()", json.get("target").get("device").asText());
    assertEquals(2.1, json.get("target").get("shadow").get("trainLoss").asDouble());
    assertEquals(3.3, json.get("target").get("shadow").get("heldOutLoss").asDouble());
    assertEquals(10, json.get("sequences").get("original").asLong());
    assertEquals(3, json.get("sequences").get("splits").get("TARGET_MEMBER").asLong());
    String md = java.nio.file.Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("## Shadow model") && md.contains("## Sequences"), md);
  }

  @Test
  void writesMarkdownWithTablesAndReading(@TempDir Path dir) throws Exception {
    ReportWriter.write(dir, report(0.93), Map.of("sessions", 1200), 801, 801);
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("| sessions | 1200 |"), md);
    assertTrue(md.contains("| trainLoss | 2.000 |"), md);
    assertTrue(md.contains("| heldOutLoss | 3.250 |"), md);
    assertTrue(md.contains("| seqmia-mlp | labelled | augmented | 0.830 |"), md);
    assertTrue(md.contains("| loss-threshold | none | all | 0.710 |"), md);
    assertTrue(md.contains("original non-members with AUC 0.96 versus 0.50 for chance: strong membership leakage"), md);
    assertTrue(md.contains("Against every non-member, augmented variants included, its AUC is 0.93"), md);
    assertTrue(md.contains("loss-threshold baseline reaches AUC 0.71"), md);
    assertTrue(md.contains("harder to tell apart"), md);
    assertTrue(md.contains("by 1.250: the generalisation gap"), md);
    assertTrue(md.contains("801 of 801 expected verdicts published."), md);
  }

  @Test
  void readingFollowsTheNumbers() {
    assertTrue(ReportWriter.summary(report(0.51)).contains("no measurable membership leakage"));
    assertTrue(ReportWriter.summary(report(0.65)).contains("moderate membership leakage"));
    assertTrue(ReportWriter.summary(report(0.3)).contains("below chance"));
  }

  @Test
  void anIntervalEntirelyBelowChanceIsFlagged() {
    AttackReport report = report(0.93);
    AttackResult inverted = AttackResult.newBuilder(result("dl-mia", "shadow", "all", 0.33, 250))
        .setMetrics(Map.of("aucCiLow", 0.29, "aucCiHigh", 0.37)).build();
    List<AttackResult> attacks = new java.util.ArrayList<>(report.getAttacks());
    attacks.add(inverted);
    String reading = ReportWriter.summary(AttackReport.newBuilder(report).setAttacks(attacks).build());
    assertTrue(reading.contains("WARNING: the 95% interval of dl-mia (shadow, all, AUC 0.33) lies entirely below"
        + " 0.5"), reading);
    assertFalse(ReportWriter.summary(report).contains("WARNING"), "no interval below chance, no warning");
  }

  @Test
  void consoleTableHasOneRowPerResult() {
    String table = ReportWriter.resultsTable(report(0.93));
    String[] lines = table.split("\n");
    assertEquals(2 + 4, lines.length, table);
    assertTrue(lines[0].startsWith("attack"));
    assertTrue(lines[0].contains("TPR@1%FPR"));
    assertTrue(lines[1].matches("-+"));
    assertTrue(lines[2].startsWith("seqmia-mlp") && lines[2].contains("0.930") && lines[2].contains("250"), lines[2]);
    assertTrue(lines[5].startsWith("loss-threshold") && lines[5].contains("0.710"), lines[5]);
    // columns line up: every row is as wide as the header
    for (String line : lines) {
      assertEquals(lines[0].length(), line.length(), table);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
