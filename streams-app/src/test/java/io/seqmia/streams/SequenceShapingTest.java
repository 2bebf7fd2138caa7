package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceShapingTest {

  private static final long T0 = 1_400_000_000_000L;

  @TempDir Path stateDir;

  @Test
  void outOfOrderClicksAreOrderedByEventTime() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("s", "c", T0 + 3000);
      f.click("s", "a", T0 + 1000);
      f.click("s", "d", T0 + 4000);
      f.click("s", "b", T0 + 2000);
      f.flush("r", T0 + 5000);
      ClickSequence seq = f.readSequences().get(0);
      assertEquals(List.of("a", "b", "c", "d"), seq.getItemIds());
      assertEquals(List.of(T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000), seq.getTimestamps());
      assertEquals("u-s", seq.getUserId());
    }
  }

  @Test
  void exactDuplicatesAndConsecutiveRepeatsAreRemoved() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("s", "a", T0 + 1000);
      f.click("s", "a", T0 + 1000); // exact duplicate
      f.click("s", "a", T0 + 2000); // repeat
      f.click("s", "b", T0 + 3000);
      f.click("s", "b", T0 + 3000); // exact duplicate
      f.click("s", "a", T0 + 4000); // not consecutive: kept
      f.flush("r", T0 + 5000);
      assertEquals(List.of("a", "b", "a"), f.readSequences().get(0).getItemIds());
      assertEquals(2L, f.counters.duplicatesRemoved.get());
      assertEquals(1L, f.counters.repeatsRemoved.get());
    }
  }

  @Test
  void repeatsAreKeptWhenDropRepeatsIsOffButDuplicatesNever() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0).dropRepeats(false))) {
      f.click("s", "a", T0 + 1000);
      f.click("s", "a", T0 + 1000);
      f.click("s", "a", T0 + 2000);
      f.click("s", "b", T0 + 3000);
      f.flush("r", T0 + 5000);
      assertEquals(List.of("a", "a", "b"), f.readSequences().get(0).getItemIds());
      assertEquals(1L, f.counters.duplicatesRemoved.get());
      assertEquals(0L, f.counters.repeatsRemoved.get());
    }
  }

  @Test
  void shortSessionsAreSkippedAndLongOnesKeepTheirLastItems() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0).minLength(3).maxLength(5))) {
      f.click("short", "a", T0);
      f.click("short", "a", T0 + 1); // a repeat: leaves one item
      f.click("short", "b", T0 + 2); // two items < minLength 3
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        f.click("long", "i" + i, T0 + 100 + i);
        if (i >= 7) {
          expected.add("i" + i);
        }
      }
      f.click("exact", "x", T0);
      f.click("exact", "y", T0 + 1);
      f.click("exact", "z", T0 + 2);
      f.flush("r", T0 + 1000);
      List<ClickSequence> out = f.readSequences();
      assertEquals(List.of("exact", "long"), out.stream().map(ClickSequence::getSequenceId).toList());
      assertEquals(expected, out.get(1).getItemIds());
      assertEquals(5, out.get(1).getTimestamps().size());
      assertEquals(1L, f.counters.tooShort.get());
      assertEquals(1L, f.counters.truncated.get());
      assertEquals(2L, f.counters.sessionsEmitted.get());
      assertTrue(f.dlq.isEmpty());
    }
  }
}
