package io.seqmia.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.data.SyntheticClicks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small smoke run of the replay benchmark on a real embedded broker (bench/run runs it at size). */
@Tag("integration") // a broker, a real data sample, or minutes of model training: left out of the fast run
class ReplayBenchmarkTest {

  @Test
  void replaysEveryLineAndMeasuresTheReferenceOnTheSameRecords(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("clicks.dat");
    SyntheticClicks.write(file, 500, 7);
    long lines = Files.readAllLines(file).size();
    ReplayBenchmark.Result r = ReplayBenchmark.run(file);
    assertEquals(lines, r.records());
    assertTrue(r.recordBytes() > 20 && r.recordBytes() < 80, "mean line size " + r.recordBytes());
    assertTrue(r.replayPerSecond() > 0 && r.producerPerSecond() > 0, r.toString());
    String table = ReplayBenchmark.table(r);
    assertTrue(table.contains("acks=all") && table.contains("compression.type=lz4"), table);
  }
}
