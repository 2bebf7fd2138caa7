package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file replayed twice (a new run id, the same clicks): the second replay's clicks belong to sessions
 * already closed, so they count as late and nothing is emitted twice (docs/RELIABILITY.md). A replay of the same
 * clicks is therefore idempotent for the audit while the closed ids are remembered
 * ({@code streams.closed.session.retention.ms} of stream time).
 */
class ReplayTwiceTest {

  private static final long T0 = 1_400_000_000_000L;
  private static final long MIN = 60_000L;

  @TempDir Path stateDir;

  private static void replay(TopologyFixture f, String runId) {
    for (int s = 0; s < 20; s++) {
      f.click("s" + s, "a" + s, T0 + s * MIN);
      f.click("s" + s, "b" + s, T0 + s * MIN + 1000);
      f.click("s" + s, "c" + s, T0 + s * MIN + 2000);
    }
    f.flush(runId, T0 + 30 * MIN);
  }

  @Test
  void theSecondReplayOfTheSameClicksIsLateAndEmitsNothing() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      replay(f, "run-1");
      List<ClickSequence> first = f.readSequences();
      assertEquals(20, first.size(), "every session once");
      replay(f, "run-2");
      List<ClickSequence> second = f.readSequences();
      assertTrue(second.isEmpty(), "nothing emitted again: " + second.stream().map(ClickSequence::getSequenceId)
          .toList());
      assertEquals(60L, f.counters.snapshot().get("late"), "the second replay's 60 clicks, counted as late");
      assertEquals(20L, f.counters.snapshot().get("sessionsEmitted"));
    }
  }
}
