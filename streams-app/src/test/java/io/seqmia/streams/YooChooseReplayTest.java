package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.seqmia.data.ClickEvent;
import io.seqmia.data.YooChooseClickReader;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.Records;
import io.seqmia.schemas.SequenceVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The done-when on the real YooChoose sample: every session of yoochoose-clicks-100k.dat becomes
 * exactly one ORIGINAL or is reported as dropped by the repeat rule. Skipped when the file is absent.
 */
@Tag("integration") // a broker, a real data sample, or minutes of model training: left out of the fast run
class YooChooseReplayTest {

  private static final Logger LOG = LoggerFactory.getLogger(YooChooseReplayTest.class);
  static final String FILE = "yoochoose-clicks-100k.dat";
  /** Distinct session ids in the sample (docs/DATA.md); every one has at least 2 clicks. */
  static final int SESSIONS = 21_210;
  static final double MIN_AUGMENTED_SHARE = 0.9;

  @TempDir Path stateDir;

  static Optional<Path> sample() {
    return Stream.of(Path.of("../shared/data", FILE), Path.of("../../shared/data", FILE))
        .filter(Files::isRegularFile).findFirst();
  }

  @Test
  void everySessionIsEmittedOnceOrReportedAsDroppedByTheRepeatRule() {
    Optional<Path> file = sample();
    assumeTrue(file.isPresent(), "YooChoose sample " + FILE + " not found in ../shared/data or ../../shared/data"
        + " (relative to " + Path.of("").toAbsolutePath() + "): real-data test skipped");
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b, true);
        YooChooseClickReader reader = YooChooseClickReader.open(file.get())) {
      Set<String> inputSessions = new HashSet<>();
      long clicks = 0;
      long maxTime = 0;
      for (ClickEvent e : reader) {
        // As replay writes it: keyed by session, record timestamp = event time.
        f.clicks.pipeInput(new TestRecord<>(e.sessionId(), Records.CLICK.encode(e.toAvro()), new RecordHeaders(),
            Instant.ofEpochMilli(e.eventTimeMillis())));
        inputSessions.add(e.sessionId());
        clicks++;
        maxTime = Math.max(maxTime, e.eventTimeMillis());
      }
      f.flush("yoochoose-100k", maxTime);
      assertEquals(0, reader.rejected(), "rejected lines");
      assertEquals(SESSIONS, inputSessions.size());

      List<ClickSequence> out = f.readSequences();
      Set<String> originals = new HashSet<>();
      Map<MembershipSplit, Integer> splits = new EnumMap<>(MembershipSplit.class);
      int variants = 0;
      for (ClickSequence s : out) {
        if (s.getVariant() == SequenceVariant.ORIGINAL) {
          assertTrue(originals.add(s.getSequenceId()), "emitted twice: " + s.getSequenceId());
          splits.merge(s.getSplit(), 1, Integer::sum);
        } else {
          variants++;
        }
      }
      StreamsCounters c = f.counters;
      LOG.info("YooChoose 100k: {} clicks, {} sessions, {} originals, {} variants, splits {}, counters {}", clicks,
          inputSessions.size(), originals.size(), variants, splits, c);
      assertTrue(inputSessions.containsAll(originals));
      assertEquals(SESSIONS, originals.size() + c.droppedByRepeats.get(), "originals + droppedByRepeats");
      assertEquals(c.droppedByRepeats.get(), c.tooShort.get(), "all sessions have >= 2 clicks: only repeats drop one");
      assertEquals(0L, c.late.get());
      assertEquals(0L, c.deadLettered.get());
      assertTrue(f.dlq.isEmpty());
      int n = originals.size();
      for (MembershipSplit split : MembershipSplit.values()) {
        double p = f.config.fraction(split);
        double sd = Math.sqrt(n * p * (1 - p));
        int got = splits.getOrDefault(split, 0);
        assertTrue(Math.abs(got - n * p) <= 3 * sd, split + ": " + got + " of " + n + ", expected " + n * p + " ± " + 3 * sd);
      }
      assertEquals(variants, c.augmentedEmitted.get());
      assertTrue(variants >= MIN_AUGMENTED_SHARE * n, variants + " variants for " + n + " originals");
    }
  }
}
