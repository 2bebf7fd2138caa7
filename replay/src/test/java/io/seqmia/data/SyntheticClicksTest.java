package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticClicksTest {

  static final int SESSIONS = 20_000;
  static final long SEED = 42;

  @TempDir static Path dir;
  static Path file;
  static DatasetStats stats;

  @BeforeAll
  static void writeOnce() {
    file = dir.resolve("synthetic.dat");
    SyntheticClicks.write(file, SESSIONS, SEED);
    try (ClickReader reader = YooChooseClickReader.open(file)) {
      stats = DatasetStats.compute(reader);
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    Path again = dir.resolve("again.dat");
    SyntheticClicks.write(again, SESSIONS, SEED);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    Path other = dir.resolve("other.dat");
    SyntheticClicks.write(other, SESSIONS, SEED + 1);
    assertFalse(Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(other)));
  }

  @Test
  void writtenFileReadsBackLikeTheIterator() {
    Iterator<ClickEvent> generated = SyntheticClicks.generate(SyntheticClicks.Settings.of(500, SEED));
    Path small = dir.resolve("small.dat.gz");
    SyntheticClicks.write(small, SyntheticClicks.Settings.of(500, SEED));
    try (ClickReader reader = YooChooseClickReader.open(small)) {
      while (reader.hasNext()) {
        assertEquals(generated.next(), reader.next());
      }
      assertEquals(0, reader.rejected());
    }
    assertFalse(generated.hasNext());
  }

  @Test
  void looksLikeYooChoose() {
    assertEquals(0, stats.rejected(), "the reader accepts every generated line");
    assertEquals(SESSIONS, stats.sessions());
    assertTrue(stats.avgSessionLength() >= 3.3 && stats.avgSessionLength() <= 4.3,
        "mean session length " + stats.avgSessionLength());
    assertTrue(stats.gini() >= 0.8 && stats.gini() <= 0.95, "gini " + stats.gini());
    assertTrue(stats.days() >= 3, "spread over several days: " + stats.days());
    assertTrue(stats.singleClickSessions() < SESSIONS / 10, "a few single-click sessions");
    assertTrue(stats.items() > 1000 && stats.items() <= SyntheticClicks.defaultItems(SESSIONS), "items " + stats.items());
  }

  @Test
  void sessionsAreIncreasingWithRealisticGapsAndALongTail() {
    Iterator<ClickEvent> it = SyntheticClicks.generate(SESSIONS, SEED);
    ClickEvent prev = null;
    int length = 0;
    int longest = 0;
    Set<String> categories = new HashSet<>();
    while (it.hasNext()) {
      ClickEvent e = it.next();
      categories.add(e.category() == null ? "missing" : e.category().equals("S") ? "S"
          : e.category().length() <= 2 ? "category" : "brand");
      if (prev != null && prev.sessionId().equals(e.sessionId())) {
        long gap = e.eventTimeMillis() - prev.eventTimeMillis();
        assertTrue(gap >= 1_000 && gap <= 30 * 60_000, "gap " + gap + " ms in session " + e.sessionId());
        length++;
      } else {
        if (prev != null) {
          assertEquals(Long.parseLong(prev.sessionId()) + 1, Long.parseLong(e.sessionId()), "ids increase by one");
        }
        longest = Math.max(longest, length);
        length = 1;
      }
      prev = e;
    }
    assertTrue(longest >= 20, "long tail: longest session " + longest);
    assertEquals(Set.of("missing", "S", "category", "brand"), categories);
  }

  /** A next-item model can learn it: most transitions go to one of an item's few usual successors. */
  @Test
  void transitionsAreConcentratedOnFewSuccessors() {
    Map<String, Map<String, Integer>> followers = new HashMap<>();
    Iterator<ClickEvent> it = SyntheticClicks.generate(SESSIONS, SEED);
    ClickEvent prev = null;
    long transitions = 0;
    while (it.hasNext()) {
      ClickEvent e = it.next();
      if (prev != null && prev.sessionId().equals(e.sessionId())) {
        followers.computeIfAbsent(prev.itemId(), k -> new HashMap<>()).merge(e.itemId(), 1, Integer::sum);
        transitions++;
      }
      prev = e;
    }
    long top1 = 0;
    long top3 = 0;
    for (Map<String, Integer> next : followers.values()) {
      int[] counts = next.values().stream().sorted(Comparator.reverseOrder()).mapToInt(Integer::intValue).toArray();
      top1 += counts[0];
      for (int i = 0; i < Math.min(3, counts.length); i++) {
        top3 += counts[i];
      }
    }
    assertTrue(top1 > 0.35 * transitions, "top successor share " + (double) top1 / transitions);
    assertTrue(top3 > 0.7 * transitions, "top-3 successor share " + (double) top3 / transitions);
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticClicks.generate(0, SEED));
    assertThrows(IllegalArgumentException.class, () -> SyntheticClicks.generate(10, 3, SEED));
    assertEquals(SyntheticClicks.MIN_ITEMS, SyntheticClicks.defaultItems(10));
    assertEquals(2_500, SyntheticClicks.defaultItems(10_000));
  }
}
