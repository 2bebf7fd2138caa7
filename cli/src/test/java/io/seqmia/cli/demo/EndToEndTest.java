package io.seqmia.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.attacker.AttackRunner;
import io.seqmia.broker.TopicReader;
import io.seqmia.schemas.AttackResult;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.trainer.TargetModelConfig;
import io.seqmia.trainer.TargetTrainer;
import io.seqmia.trainer.TrainedTarget;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real broker: a generated data set replayed through streams-app, trainer and
 * attacker (the demo's own wiring), then checks on what the topics really hold, and a control that
 * must stay at chance.
 */
@BrokerTest
class EndToEndTest {

  static final int SESSIONS = 3_000;
  static final int EPOCHS = 40;
  static final long SEED = 7;

  @Test
  void everyScoredSequenceGetsOneVerdictAndTheAttackBeatsChanceOnlyWhereThereIsLeakage(
      KafkaBroker broker, @TempDir Path reportDir) throws Exception {
    Properties overrides = new Properties();
    overrides.setProperty("trainer.model.epochs", Integer.toString(EPOCHS));
    DemoOptions options = new DemoOptions(null, SESSIONS, SEED, reportDir, 2, Duration.ofMinutes(10), overrides);
    Topics topics = Topics.withPrefix("e2e.");

    try (DemoRun run = DemoRun.start(options, broker.bootstrapServers(), topics, new PrintStream(System.err))) {
      DemoResult result = run.complete();

      // Exactly one verdict per scored target sequence, counted on the topic.
      List<ScoreVector> vectors = values(TopicReader.readAll(run.bootstrapServers(), topics.scoreVectors())).stream()
          .filter(v -> ModelRoles.of(v) == ModelRole.TARGET).toList(); // shadow-model vectors get no verdict
      List<MembershipVerdict> verdicts = values(TopicReader.readAll(run.bootstrapServers(), topics.membershipVerdicts()));
      assertTrue(vectors.size() > 1000, "scored " + vectors.size());
      assertEquals(vectors.size(), result.verdictsExpected());
      assertEquals(result.verdictsExpected(), result.verdictsPublished());
      Map<String, Long> verdictsPerSequence = verdicts.stream()
          .collect(Collectors.groupingBy(MembershipVerdict::getSequenceId, Collectors.counting()));
      assertEquals(vectors.stream().map(ScoreVector::getSequenceId).collect(Collectors.toSet()),
          verdictsPerSequence.keySet());
      assertTrue(verdictsPerSequence.values().stream().allMatch(n -> n == 1), "a sequence got two verdicts");

      // The overfit target leaks: the MLP clearly beats chance against ordinary non-members.
      AttackResult mlp = find(result.report().getAttacks(), AttackRunner.MLP, AttackRunner.NEGATIVES_ORIGINAL);
      assertTrue(mlp.getAuc() >= 0.75, "attack AUC on the overfit target: " + mlp.getAuc());
      assertTrue(result.report().getTarget().get("heldOutLoss") > result.report().getTarget().get("trainLoss"));

      // The report files carry the documented fields.
      JsonNode json = new ObjectMapper().readTree(Files.readString(reportDir.resolve("report.json")));
      for (String field : List.of("sessions", "interactions", "items", "avgSessionLength")) {
        assertTrue(json.path("dataset").has(field), "dataset." + field);
      }
      assertTrue(json.path("target").path("trainLoss").isNumber());
      assertEquals(EPOCHS, json.path("curves").path("trainLoss").size(), "one training loss per epoch");
      assertEquals(EPOCHS, json.path("curves").path("shadow.heldOutLoss").size(), "and the shadow's");
      assertTrue(Files.isRegularFile(reportDir.resolve("report.html")));
      // Every bulk verdict's latency was measured by the attacker; the percentiles are ordered.
      JsonNode latency = json.path("verdicts").path("latencyMs");
      assertEquals(result.verdictsPublished(), latency.path("count").asLong(), "latencyMs: " + latency);
      assertTrue(latency.path("p50").asLong() > 0 && latency.path("p50").asLong() <= latency.path("p99").asLong()
          && latency.path("p99").asLong() <= latency.path("max").asLong(), "latencyMs: " + latency);
      assertTrue(json.path("target").path("heldOutLoss").isNumber());
      for (String field : List.of("recallAt20Members", "recallAt20NonMembers", "ndcgAt20NonMembers",
          "mrrAt20NonMembers", "memberNll", "nonMemberNll", "epochs", "trainSeconds")) {
        assertTrue(json.path("target").path(field).isNumber(), "target." + field);
      }
      assertEquals("overfit", json.path("target").path("preset").asText());
      assertEquals("cpu()", json.path("target").path("device").asText());
      assertTrue(json.path("target").path("shadow").path("trainLoss").isNumber(), "target.shadow.trainLoss");
      List<String> rows = new java.util.ArrayList<>();
      for (JsonNode attack : json.path("attacks")) {
        for (String field : List.of("name", "mode", "negatives", "auc", "aucCi", "singlePointAuc", "tprAt1Fpr",
            "tprAt01Fpr", "accuracy", "precision", "recall", "f1", "members", "nonMembers")) {
          assertTrue(attack.hasNonNull(field), "attack entry lacks " + field + ": " + attack);
        }
        if (attack.path("negatives").asText().equals(AttackRunner.NEGATIVES_ALL)) {
          rows.add(attack.path("name").asText() + "/" + attack.path("mode").asText());
        }
      }
      assertEquals(List.of("seqmia-mlp/labelled", "seqmia-mlp/black-box", "seqmia-mlp/shadow", "biased-mia/shadow", "dl-mia/shadow",
          "loss-threshold/none"), rows, "every attack and mode of Table 2; skipped: " + json.path("skipped"));
      assertEquals(0, json.path("skipped").size(), "nothing skipped: " + json.path("skipped"));
      AttackResult shadowMlp = result.report().getAttacks().stream()
          .filter(r -> r.getName().equals(AttackRunner.MLP) && r.getMode().equals(AttackRunner.SHADOW_MODE)
              && r.getNegatives().equals(AttackRunner.NEGATIVES_ORIGINAL)).findFirst().orElseThrow();
      assertTrue(shadowMlp.getAuc() >= 0.75, "shadow-mode attack AUC without target labels: " + shadowMlp.getAuc());
      for (String file : List.of("attack-scores.csv", "roc.png", "roc-log.png", "score-hist.png", "tsne.png")) {
        assertTrue(Files.size(reportDir.resolve(file)) > 0, file);
      }
      assertEquals(result.verdictsPublished(), json.path("verdicts").path("published").asLong());
      assertEquals(json.path("verdicts").path("expected").asLong(), json.path("verdicts").path("published").asLong());
      assertTrue(Files.size(reportDir.resolve("report.md")) > 0);
      JsonNode sequencesJson = json.path("sequences");
      List<ClickSequence> emitted = values(TopicReader.readAll(run.bootstrapServers(), topics.clickSequences()));
      assertEquals(emitted.stream().filter(s -> s.getVariant() == SequenceVariant.ORIGINAL).count(),
          sequencesJson.path("original").asLong(), "sequences.original counts what was emitted");
      assertEquals(emitted.stream().filter(s -> s.getVariant() == SequenceVariant.AUGMENTED).count(),
          sequencesJson.path("augmented").asLong());
      assertEquals(emitted.stream().filter(s -> s.getVariant() == SequenceVariant.ORIGINAL
              && s.getSplit() == MembershipSplit.TARGET_MEMBER).count(),
          sequencesJson.path("splits").path("TARGET_MEMBER").asLong());
      for (String field : List.of("augmentSkipped", "tooShort", "truncated", "duplicatesRemoved", "late")) {
        assertTrue(sequencesJson.path(field).isNumber(), "sequences." + field);
      }

      // Control: a model of the same kind, trained on sequences none of the labelled ones belong to
      // (the shadow members). Its outputs carry no target membership, so the same attack must stay at chance.
      List<ClickSequence> sequences = values(TopicReader.readAll(run.bootstrapServers(), topics.clickSequences()));
      List<ClickSequence> shadowMembers = sequences.stream()
          .filter(s -> s.getSplit() == MembershipSplit.SHADOW_MEMBER && s.getVariant() == SequenceVariant.ORIGINAL)
          .toList();
      List<ClickSequence> targetSide = sequences.stream()
          .filter(s -> s.getSplit() == MembershipSplit.TARGET_MEMBER || s.getSplit() == MembershipSplit.TARGET_NONMEMBER)
          .toList();
      try (TrainedTarget unrelated = TargetTrainer.train(shadowMembers, null,
          TargetModelConfig.overfit().withEpochs(EPOCHS), null)) {
        List<ScoreVector> controlVectors = unrelated.score(targetSide, ModelRole.TARGET);
        AttackResult control = find(AttackRunner.evaluate(controlVectors, SEED, false),
            AttackRunner.MLP, AttackRunner.NEGATIVES_ORIGINAL);
        assertTrue(Math.abs(control.getAuc() - 0.5) < 0.1,
            "the attack on a model that never saw the labelled sequences must stay near 0.5, got " + control.getAuc());
        assertTrue(mlp.getAuc() - control.getAuc() > 0.2, "leakage " + mlp.getAuc() + " vs control " + control.getAuc());
      }
    }
  }

  private static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  private static AttackResult find(List<AttackResult> results, String name, String negatives) {
    return results.stream()
        .filter(r -> r.getName().equals(name) && r.getNegatives().equals(negatives))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + "/" + negatives + " in " + results.stream()
            .map(r -> r.getName() + "/" + r.getNegatives()).collect(Collectors.joining(", "))));
  }

}
