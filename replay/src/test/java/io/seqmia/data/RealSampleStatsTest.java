package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Statistics of the real YooChoose sample that lives beside the checkout in shared/data. */
class RealSampleStatsTest {

  static final String SAMPLE = "yoochoose-clicks-100k.dat";
  static final String PREPARED_TRAIN = "yoochoose-100k/train_full.txt";
  static final String PREPARED_TEST = "yoochoose-100k/test.txt";

  /** The test runs in the module directory; the data is beside the project root. */
  static Path sample() {
    return shared(SAMPLE);
  }

  static Path shared(String name) {
    return Stream.of("../../shared/data", "../shared/data")
        .map(d -> Path.of(d, name))
        .filter(Files::isRegularFile)
        .findFirst()
        .orElse(null);
  }

  private static List<Path> prepared() {
    Path train = shared(PREPARED_TRAIN);
    Path test = shared(PREPARED_TEST);
    Assumptions.assumeTrue(train != null && test != null,
        "shared/data/yoochoose-100k/{train_full,test}.txt not found beside the project: skipped");
    return List.of(train, test);
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

  @Test
  void preparedTrainPlusTestHoldTheSameClicksAsTheDatFile() {
    List<Path> files = prepared();
    DatasetStats stats;
    try (ClickReader reader = ClickReaders.concat(files, null)) {
      stats = DatasetStats.compute(reader);
    }
    assertEquals(21_210, stats.sessions());
    assertEquals(83_846, stats.interactions());
    assertEquals(0, stats.rejected());
    Path dat = sample();
    Assumptions.assumeTrue(dat != null, "shared/data/" + SAMPLE + " not found: comparison skipped");
    DatasetStats raw;
    try (ClickReader reader = ClickReaders.open(dat, null)) {
      raw = DatasetStats.compute(reader);
    }
    assertEquals(raw.items(), stats.items());
    assertEquals(raw.gini(), stats.gini(), 1e-12);
    assertEquals(raw.days(), stats.days(), 1e-9, "the 2-hour offset shifts every click alike");
    assertEquals(raw.sessionLengthP50(), stats.sessionLengthP50());
    assertEquals(raw.sessionLengthP99(), stats.sessionLengthP99());
    assertEquals(raw.sessionLengthMax(), stats.sessionLengthMax());
  }

  @Test
  void detectsBothSampleFormats() {
    List<Path> files = prepared();
    assertEquals(ClickFormat.PREPARED, ClickFormat.detect(files.get(0)));
    assertEquals(ClickFormat.PREPARED, ClickFormat.detect(files.get(1)));
    Path dat = sample();
    Assumptions.assumeTrue(dat != null, "shared/data/" + SAMPLE + " not found: skipped");
    assertEquals(ClickFormat.YOOCHOOSE, ClickFormat.detect(dat));
  }

  @Test
  void theFilterTreatsBothFormsOfTheSampleAlike() {
    List<Path> files = prepared();
    Path dat = sample();
    Assumptions.assumeTrue(dat != null, "shared/data/" + SAMPLE + " not found: skipped");
    FilterResult fromPrepared = DatasetStats.computeFiltered(() -> ClickReaders.concat(files, null));
    FilterResult fromDat = DatasetStats.computeFiltered(() -> ClickReaders.open(dat, null));
    assertEquals(fromDat.after().sessions(), fromPrepared.after().sessions());
    assertEquals(fromDat.after().interactions(), fromPrepared.after().interactions());
    assertEquals(fromDat.after().items(), fromPrepared.after().items());
    assertEquals(0, fromDat.before().singleClickSessions(), "the prepared sample has no single clicks");
    assertEquals(0, fromDat.after().singleClickSessions());
    assertTrue(fromDat.after().interactions() <= 83_846);
  }
}
