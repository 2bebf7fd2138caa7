package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.SequenceVariant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the augmenter releases its buffered ORIGINALs, and live augmentation after the first flush. */
class AugmentReleaseTest {

  private static final long T0 = 1_400_000_000_000L;
  private static final long MIN = 60_000L;

  @TempDir Path dir;

  private static void session(TopologyFixture f, String id, long start, String... items) {
    for (int i = 0; i < items.length; i++) {
      f.click(id, items[i], start + i * 1000L);
    }
  }

  private static List<ClickSequence> variants(List<ClickSequence> out) {
    return out.stream().filter(s -> s.getVariant() == SequenceVariant.AUGMENTED).toList();
  }

  @Test
  void variantsAndSessionsFlushedWaitForTheFlushOfEveryClicksPartition() {
    try (TopologyFixture f = new TopologyFixture(dir, b -> b, false, 2)) {
      session(f, "s1", T0, "a", "b");
      session(f, "s2", T0, "a", "b");
      session(f, "s3", T0, "a", "c");
      f.flush("r", T0 + MIN); // partition 0 only: the topology expects 2

      List<ClickSequence> out = f.readSequences();
      assertEquals(3, out.size(), "the ORIGINALs are out at once");
      assertTrue(variants(out).isEmpty(), "variants wait for partition 1's flush: " + out);
      assertTrue(f.control.isEmpty(), "no SESSIONS_FLUSHED before the variants");
      assertEquals(0L, f.counters.augmentedEmitted.get() + f.counters.augmentSkipped.get());
      List<String> buffered = new java.util.ArrayList<>();
      try (var it = f.driver.<String, AugmentInput>getKeyValueStore(SeqmiaTopology.AUGMENT_BUFFER_STORE).all()) {
        it.forEachRemaining(e -> buffered.add(e.value.sequence().getSequenceId()));
      }
      assertEquals(List.of("s1", "s2", "s3"), buffered, "buffered in (last event time, id) order");
    }
  }

  @Test
  void afterTheFirstCompleteFlushSessionsAreAugmentedOnArrival() {
    try (TopologyFixture f = new TopologyFixture(dir, b -> b.sessionGap(Duration.ofMinutes(30))
        .grace(Duration.ofMinutes(5)))) {
      session(f, "s1", T0, "a", "b");
      session(f, "s2", T0, "b", "c");
      f.flush("r1", T0 + MIN);
      ControlEvent flushed = f.control.readValue();
      assertEquals(0, flushed.getPartition());
      assertEquals(2L + variants(f.readSequences()).size(), flushed.getCount(), "originals + variants of the flush");

      // Live: "late" closes by punctuation (stream time passes its close time), no flush needed.
      session(f, "late", T0 + 10 * MIN, "a", "x");
      f.click("other", "y", T0 + 50 * MIN);
      List<ClickSequence> out = f.readSequences();
      assertEquals(List.of("late", "late#a1"), out.stream().map(ClickSequence::getSequenceId).toList());
      assertEquals("b", out.get(1).getItemIds().get(0), "a's only neighbour not in [a, x] is b");
      assertTrue(f.control.isEmpty());
    }
  }

  @Test
  void withoutAnyFlushBufferedSessionsAreAugmentedOnceTheBufferIsIdle() {
    try (TopologyFixture f = new TopologyFixture(dir, b -> b.augmentIdleRelease(Duration.ofMinutes(2)), false, 2)) {
      session(f, "s1", T0, "a", "b");
      session(f, "s2", T0, "a", "b");
      session(f, "s3", T0, "a", "c");
      f.flush("r", T0 + MIN); // only one of two partitions ever flushes
      assertTrue(variants(f.readSequences()).isEmpty());

      f.driver.advanceWallClockTime(Duration.ofMinutes(1));
      assertTrue(variants(f.readSequences()).isEmpty(), "not idle for long enough yet");

      f.driver.advanceWallClockTime(Duration.ofMinutes(2));
      List<ClickSequence> released = variants(f.readSequences());
      // All three are taught first, then augmented from that one snapshot: a's neighbours are b and c.
      // s1 = s2 = [a, b] can only get c for a; s3 = [a, c] gets b for a.
      assertEquals(List.of("s1#a1", "s2#a1", "s3#a1"), released.stream().map(ClickSequence::getSequenceId).toList());
      assertEquals(List.of("c", "b"), released.get(0).getItemIds());
      assertEquals(List.of("b", "c"), released.get(2).getItemIds());
      assertEquals(0L, f.counters.augmentSkipped.get());
    }
  }
}
