package io.seqmia.attacker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.attacker.AttackReports;
import io.seqmia.attacker.AttackRun;
import io.seqmia.attacker.AttackRunner;
import io.seqmia.attacker.Metrics;
import io.seqmia.attacker.SyntheticVectors;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ScoreVector;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real attack run written as a report folder: every file is there, and the CSV reproduces report.json. */
class ReportFilesTest {

  @Test
  void writesEveryFileAndTheScoresReproduceEveryAuc(@TempDir Path dir) throws Exception {
    List<ScoreVector> target = SyntheticVectors.withItems(SyntheticVectors.generate(120, 120, 40, 1.2, 31, "v-rep"), 32);
    List<ScoreVector> shadow = SyntheticVectors.shadow(100, 100, 1.2, 33, "s-rep");
    try (AttackRun run = new AttackRunner().run(target, shadow, 5, false, Map.of("trainLoss", 2.0))) {
      AttackReport report = AttackReports.of("run-files", run, Map.of("trainLoss", 2.0), Map.of(), 360, 360);
      ReportWriter.write(dir, report, Map.of("sessions", 360), Map.of(), 360, 360, run.artefacts(), run.skipped(), 5);
    }
    for (String png : List.of(ReportWriter.ROC_FILE, ReportWriter.ROC_LOG_FILE, ReportWriter.HISTOGRAM_FILE,
        ReportWriter.TSNE_FILE)) {
      BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
      assertNotNull(image, png + " is a readable image");
      assertTrue(image.getWidth() >= 400 && image.getHeight() >= 300, png + " " + image.getWidth() + "x" + image.getHeight());
    }
    assertEquals("attack,mode,sequence_id,variant,label,score",
        Files.readAllLines(dir.resolve(ReportWriter.SCORES_FILE)).get(0));

    List<AttackScores> csv = AttackScoresCsv.read(dir.resolve(ReportWriter.SCORES_FILE));
    JsonNode json = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON_FILE).toFile());
    int checked = 0;
    for (JsonNode attack : json.get("attacks")) {
      for (String key : List.of("name", "mode", "negatives", "auc", "aucCi", "singlePointAuc", "tprAt1Fpr",
          "tprAt01Fpr", "accuracy", "precision", "recall", "f1", "members", "nonMembers")) {
        assertTrue(attack.hasNonNull(key), "report.json attack entry lacks " + key + ": " + attack);
      }
      AttackScores scores = csv.stream().filter(a -> a.attack().equals(attack.get("name").asText())
          && a.mode().equals(attack.get("mode").asText())).findFirst().orElseThrow();
      String negatives = attack.get("negatives").asText();
      List<AttackScores.Row> rows = scores.rows().stream().filter(r -> r.member() || negatives.equals("all")
          || (negatives.equals("augmented") == r.variant().equals("AUGMENTED"))).toList();
      double[] s = rows.stream().mapToDouble(AttackScores.Row::score).toArray();
      boolean[] y = new boolean[rows.size()];
      for (int i = 0; i < y.length; i++) {
        y[i] = rows.get(i).member();
      }
      assertEquals(attack.get("auc").asDouble(), Metrics.rocAuc(s, y), 1e-12,
          attack.get("name").asText() + "/" + attack.get("mode").asText() + "/" + negatives);
      assertEquals(attack.get("members").asLong() + attack.get("nonMembers").asLong(), rows.size());
      checked++;
    }
    assertEquals(18, checked, "6 attacks (the MLP labelled, black-box and shadow) x 3 negative sets");
    String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN_FILE));
    assertTrue(md.contains("## Table 1") && md.contains("## Table 2") && md.contains("biased-mia")
        && md.contains("dl-mia") && md.contains("0.90"), md);
  }
}
