package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.SequenceVariant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush of a backlog far larger than {@code chunk.records} runs in bounded steps: no step emits more
 * than a chunk, every session still comes out exactly once, and the variants are the same as with one
 * big step.
 */
class ChunkedFlushTest {

  private static final long T0 = 1_400_000_000_000L;
  private static final int SESSIONS = 40;
  private static final int CHUNK = 3;
  private static final String[] ITEMS = {"a", "b", "c", "d", "e", "f"};

  @TempDir Path dir;

  private record Run(List<ClickSequence> sequences, List<ControlEvent> control, int steps, int maxOriginalsPerStep,
      int maxVariantsPerStep) {}

  private static Run run(Path stateDir, UnaryOperator<StreamsAppConfig.Builder> chunking) {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> chunking.apply(b.similarityTopK(3)), true)) {
      for (int s = 0; s < SESSIONS; s++) {
        // Sessions stay open (their close time is far ahead of stream time) until the flush.
        f.click("s" + s, ITEMS[s % ITEMS.length], T0 + s);
        f.click("s" + s, ITEMS[(s * 7 + 1) % ITEMS.length], T0 + s + 1);
        f.click("s" + s, ITEMS[(s * 5 + 2) % ITEMS.length], T0 + s + 2);
      }
      assertTrue(f.readSequences().isEmpty(), "nothing closes before the flush");
      f.flushMarker("r", T0 + 100);
      List<ClickSequence> all = new ArrayList<>();
      List<ControlEvent> control = new ArrayList<>();
      int steps = 0;
      int maxOriginals = 0;
      int maxVariants = 0;
      for (List<ClickSequence> step = f.readSequences(); steps < 1000; step = f.readSequences()) {
        long originals = step.stream().filter(q -> q.getVariant() == SequenceVariant.ORIGINAL).count();
        maxOriginals = Math.max(maxOriginals, (int) originals);
        maxVariants = Math.max(maxVariants, step.size() - (int) originals);
        all.addAll(step);
        control.addAll(f.control.readValuesToList());
        if (!control.isEmpty()) {
          break;
        }
        f.driver.advanceWallClockTime(SessionProcessor.STEP_INTERVAL);
        steps++;
      }
      return new Run(all, control, steps, maxOriginals, maxVariants);
    }
  }

  @Test
  void aLargeFlushRunsInBoundedStepsAndEmitsEverySessionOnce() {
    Run chunked = run(dir.resolve("chunked"), b -> b.chunkRecords(CHUNK));
    assertTrue(chunked.maxOriginalsPerStep() <= CHUNK, "at most a chunk of sessions closed per step: " + chunked);
    assertTrue(chunked.maxVariantsPerStep() <= CHUNK, "at most a chunk of sessions augmented per step: " + chunked);
    assertTrue(chunked.steps() >= 2 * SESSIONS / CHUNK, "close, teach and augment took many steps: " + chunked.steps());

    Set<String> originals = new HashSet<>();
    for (ClickSequence q : chunked.sequences()) {
      if (q.getVariant() == SequenceVariant.ORIGINAL) {
        assertTrue(originals.add(q.getSequenceId()), "emitted twice: " + q.getSequenceId());
      }
    }
    assertEquals(SESSIONS, originals.size());
    assertEquals(1, chunked.control().size());
    ControlEvent flushed = chunked.control().get(0);
    assertEquals(chunked.sequences().size(), flushed.getCount(), "SESSIONS_FLUSHED counts every sequence");
    assertEquals(Integer.toString(SESSIONS), flushed.getAttributes().get("openSessions"));

    Run oneStep = run(dir.resolve("one-step"), b -> b.chunkRecords(10_000).chunkTime(Duration.ofMinutes(5)));
    assertEquals(0, oneStep.steps(), "a chunk larger than the backlog flushes at once");
    assertEquals(sorted(oneStep.sequences()), sorted(chunked.sequences()), "chunking changes no variant");
  }

  private static List<String> sorted(List<ClickSequence> sequences) {
    return sequences.stream().map(q -> q.getSequenceId() + "=" + q.getItemIds()).sorted().toList();
  }
}
