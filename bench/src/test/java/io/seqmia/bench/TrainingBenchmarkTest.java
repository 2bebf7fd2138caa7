package io.seqmia.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.trainer.TargetModelConfig;
import io.seqmia.trainer.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small smoke run of the training benchmark, so that the harness cannot rot (bench/run runs it at size). */
@Tag("integration") // a broker, a real data sample, or minutes of model training: left out of the fast run
class TrainingBenchmarkTest {

  private static final TrainingBenchmark.Settings SMALL = new TrainingBenchmark.Settings(300, 60, 2, 64, 2, 7);

  @Test
  void dataIsDeterministicAndWrittenAsVocabularyIndices(@TempDir Path dir) throws Exception {
    List<ClickSequence> a = TrainingBenchmark.sequences(SMALL);
    assertEquals(a, TrainingBenchmark.sequences(SMALL));
    Vocabulary vocabulary = Vocabulary.fromSequences(a);
    Path file = dir.resolve("s.txt");
    TrainingBenchmark.writeIndices(a, vocabulary, file);
    List<String> lines = Files.readAllLines(file);
    assertEquals(a.size(), lines.size());
    String[] first = lines.get(0).split(" ");
    assertEquals(a.get(0).getItemIds().size(), first.length);
    assertEquals(vocabulary.indexOf(a.get(0).getItemIds().get(1)), Integer.parseInt(first[1]));
  }

  @Test
  void theDjlSideTrainsScoresAndReportsEachEpoch() {
    List<ClickSequence> members = TrainingBenchmark.sequences(SMALL);
    TrainingBenchmark.Run djl = TrainingBenchmark.djl(members, TargetModelConfig.defaults().withEpochs(2), 64);
    assertEquals(2, djl.losses().size());
    assertTrue(djl.losses().get(1) < djl.losses().get(0), "loss should fall: " + djl.losses());
    assertTrue(djl.tokensPerSecond().get(1) > 0 && djl.scoringPerSecond() > 0);
    String table = TrainingBenchmark.table(SMALL, 64, djl, djl);
    assertTrue(table.contains("| training tokens/s (epochs 2+) |") && table.contains("| 1.00 |"), table);
  }

  @Test
  void badSettingsSayWhatToFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingBenchmark.Settings(100, 50, 1, 101, 2, 7));
    assertTrue(e.getMessage().contains("--score"), e.getMessage());
  }

  @Test
  void againstTheTorchReferenceBothLearnAlike(@TempDir Path dir) throws Exception {
    Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
    boolean torch = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    Assumptions.assumeTrue(torch, "Debian's python3-torch is not installed here (bench/run installs it):"
        + " the PyTorch half of the smoke run is skipped");
    Path reference = Path.of("..", "bench", "reference", "torch_target.py");
    String table = TrainingBenchmark.run(SMALL, "/usr/bin/python3", reference, dir);
    assertTrue(table.contains("| train loss, epoch 2 |") && table.contains("scoring vectors/s"), table);
    // Same model, data and optimiser: the second epoch's losses agree to within 15 %.
    String row = table.lines().filter(l -> l.startsWith("| train loss, epoch 2 |")).findFirst().orElseThrow();
    double ratio = Double.parseDouble(row.substring(row.lastIndexOf('|', row.length() - 2) + 1, row.length() - 1)
        .trim());
    assertTrue(Math.abs(ratio - 1) < 0.15, table);
  }
}
