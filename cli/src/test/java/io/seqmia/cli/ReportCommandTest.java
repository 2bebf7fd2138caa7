package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.attacker.AttackRunner;
import io.seqmia.attacker.SyntheticVectors;
import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqmia report} recomputes the whole report folder from what is on the topics. */
@BrokerTest
class ReportCommandTest {

  @Test
  void writesTheReportOfTheLatestScoredModelFromTheTopics(KafkaBroker broker, @TempDir Path out) throws Exception {
    String prefix = "report-cmd.";
    Topics topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    List<ScoreVector> target = SyntheticVectors.withItems(SyntheticVectors.generate(80, 80, 20, 1.5, 3, "v-9"), 4);
    List<ScoreVector> shadow = SyntheticVectors.shadow(60, 60, 1.5, 5, "s-9");
    List<ScoreVector> all = new ArrayList<>(target);
    all.addAll(shadow);
    produce(broker, topics.scoreVectors(), all, ScoreVector::getSequenceId);
    produce(broker, topics.control(), List.of(
        control(ControlType.MODEL_TRAINED, Map.of("trainLoss", 2.0, "heldOutLoss", 3.5), Map.of("modelVersion", "v-9")),
        control(ControlType.SCORING_COMPLETE, Map.of(), Map.of("modelVersion", "v-9", "shadowModelVersion", "s-9",
            "shadowCount", "120"))), ControlEvent::getRunId);

    SeqmiaCommandTest.Run run = SeqmiaCommandTest.run("report", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", prefix, "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("biased-mia") && run.out().contains("dl-mia"), run.out());
    for (String file : List.of("report.json", "report.md", "report.html", "attack-scores.csv", "roc.png",
        "roc-log.png", "score-hist.png", "tsne.png", "training-curves.png")) {
      assertTrue(Files.size(out.resolve(file)) > 0, file);
    }
    JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertEquals("v-9", json.path("targetModelVersion").asText());
    assertEquals(2.0, json.path("target").path("trainLoss").asDouble());
    assertEquals(4.2, json.path("curves").path("heldOutLoss").get(2).asDouble(), "the curves, redrawn from MODEL_TRAINED");
    List<String> rows = new ArrayList<>();
    json.path("attacks").forEach(a -> {
      if (a.path("negatives").asText().equals(AttackRunner.NEGATIVES_ALL)) {
        rows.add(a.path("name").asText() + "/" + a.path("mode").asText());
      }
    });
    assertEquals(List.of("seqmia-mlp/labelled", "seqmia-mlp/black-box", "seqmia-mlp/shadow", "biased-mia/shadow", "dl-mia/shadow",
        "loss-threshold/none"), rows);
    assertTrue(json.path("dataset").path("source").asText().contains("--data"), "says how to get Table 1");
  }

  @Test
  void saysWhatIsMissingWhenNothingWasScored(KafkaBroker broker, @TempDir Path out) {
    String prefix = "report-empty.";
    TopicAdmin.ensureTopics(broker.bootstrapServers(), Topics.withPrefix(prefix), 1, (short) 1);
    SeqmiaCommandTest.Run run = SeqmiaCommandTest.run("report", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", prefix, "--out", out.toString());
    assertNotEquals(0, run.exitCode());
    assertTrue(run.err().contains("no SCORING_COMPLETE"), run.err());
  }

  private static ControlEvent control(ControlType type, Map<String, Double> metrics, Map<String, String> attributes) {
    return ControlEvent.newBuilder().setType(type).setRunId("run-9").setSource("test").setTimestamp(Instant.now())
        .setCount(type == ControlType.SCORING_COMPLETE ? 180L : null).setMetrics(metrics).setAttributes(attributes)
        .setSeries(type == ControlType.MODEL_TRAINED ? Map.of("trainLoss", List.of(4.0, 3.0, 2.0),
            "heldOutLoss", List.of(4.1, 3.9, 4.2)) : Map.of())
        .build();
  }

  private static <V> void produce(KafkaBroker broker, Topic<String, V> topic, List<V> values,
      java.util.function.Function<V, String> key) {
    io.seqmia.testkit.TopicIo.produce(broker.bootstrapServers(), topic, values, key);
  }

}
