package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Statistics of the real YooChoose sample that lives beside the checkout in shared/data. */
class RealSampleStatsTest {

  static final String SAMPLE = "yoochoose-clicks-100k.dat";

  /** The test runs in the module directory; the data is beside the project root. */
  static Path sample() {
    return Stream.of("../../shared/data", "../shared/data")
        .map(d -> Path.of(d, SAMPLE))
        .filter(Files::isRegularFile)
        .findFirst()
        .orElse(null);
  }

  @Test
  void yoochooseSampleMatchesItsReadme() {
    Path file = sample();
    Assumptions.assumeTrue(file != null, "shared/data/" + SAMPLE + " not found beside the project: skipped");
    DatasetStats stats;
    try (ClickReader reader = YooChooseClickReader.open(file)) {
      stats = DatasetStats.compute(reader);
    }
    assertEquals(21_210, stats.sessions());
    assertEquals(83_846, stats.interactions());
    assertEquals(0, stats.rejected());
    assertEquals(83_846.0 / 21_210, stats.avgSessionLength(), 1e-9);
    assertEquals(2_933, stats.items(), "README: 2,933 items");
    assertTrue(stats.days() > 6 && stats.days() < 8.5, "about a week: " + stats.days());
    assertTrue(stats.gini() > 0.4 && stats.gini() < 0.95, "gini " + stats.gini());
  }
}
