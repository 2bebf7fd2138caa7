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

  /** Large enough for stable statistics, small enough for a second of generation. */
  static final int SESSIONS = 50_000;
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
    // YooChoose: mean session length 3.83 (after filtering), Gini of item popularity 0.89
    assertTrue(stats.avgSessionLength() >= 3.5 && stats.avgSessionLength() <= 4.2,
        "mean session length " + stats.avgSessionLength());
    assertTrue(stats.gini() >= 0.85 && stats.gini() <= 0.93, "gini " + stats.gini());
    assertTrue(stats.days() >= 5, "spread over several days: " + stats.days());
    assertTrue(stats.singleClickSessions() < SESSIONS / 10, "a few single-click sessions");
    assertTrue(stats.items() > 3000 && stats.items() <= SyntheticClicks.defaultItems(SESSIONS), "items " + stats.items());
  }

  /** The calibration holds at the demo's size and at small sizes too, not only at the test's 50k. */
  @Test
  void giniStaysNearTheRealLogAcrossSizes() {
    for (int sessions : new int[] {2_000, 12_000}) {
      DatasetStats s = DatasetStats.compute(SyntheticClicks.generate(sessions, SEED));
      assertTrue(s.gini() >= 0.85 && s.gini() <= 0.93, sessions + " sessions: gini " + s.gini());
      assertTrue(s.avgSessionLength() >= 3.5 && s.avgSessionLength() <= 4.2, sessions + " sessions: mean length "
          + s.avgSessionLength());
    }
  }

  /** Session starts follow a daily rhythm: the busiest hour sees clearly more sessions than the quietest. */
  @Test
  void sessionStartsHaveADailyRhythm() {
    long[] perHour = new long[24];
    Iterator<ClickEvent> it = SyntheticClicks.generate(SESSIONS, SEED);
    String last = null;
    while (it.hasNext()) {
      ClickEvent e = it.next();
      if (!e.sessionId().equals(last)) {
        perHour[e.eventTime().atZone(java.time.ZoneOffset.UTC).getHour()]++;
        last = e.sessionId();
      }
    }
    long max = Arrays.stream(perHour).max().orElseThrow();
    long min = Arrays.stream(perHour).min().orElseThrow();
    assertTrue(max > 2 * min, "busiest hour " + max + " vs quietest " + min);
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

  /**
   * The next item depends on the item before the previous one too: knowing the last two items predicts
   * the next one better than knowing only the last one.
   */
  @Test
  void theItemBeforeTheLastHelpsPredictTheNext() {
    Map<String, Map<String, Integer>> first = new HashMap<>();
    Map<String, Map<String, Integer>> second = new HashMap<>();
    Iterator<ClickEvent> it = SyntheticClicks.generate(SESSIONS, SEED);
    ClickEvent before = null;
    ClickEvent prev = null;
    while (it.hasNext()) {
      ClickEvent e = it.next();
      if (prev != null && prev.sessionId().equals(e.sessionId())) {
        first.computeIfAbsent(prev.itemId(), k -> new HashMap<>()).merge(e.itemId(), 1, Integer::sum);
        if (before != null && before.sessionId().equals(e.sessionId())) {
          second.computeIfAbsent(before.itemId() + ">" + prev.itemId(), k -> new HashMap<>())
              .merge(e.itemId(), 1, Integer::sum);
        }
      }
      before = prev;
      prev = e;
    }
    // top-1 accuracy of each model on contexts seen at least 20 times (so it is not just sparsity)
    assertTrue(top1Share(second) > top1Share(first) + 0.05,
        "second-order " + top1Share(second) + " vs first-order " + top1Share(first));
  }

  private static double top1Share(Map<String, Map<String, Integer>> followers) {
    long top = 0;
    long all = 0;
    for (Map<String, Integer> next : followers.values()) {
      int sum = next.values().stream().mapToInt(Integer::intValue).sum();
      if (sum >= 20) {
        top += next.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        all += sum;
      }
    }
    return (double) top / all;
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticClicks.generate(0, SEED));
    assertThrows(IllegalArgumentException.class, () -> SyntheticClicks.generate(10, 3, SEED));
    assertEquals(SyntheticClicks.MIN_ITEMS, SyntheticClicks.defaultItems(1));
    assertEquals(3_000, SyntheticClicks.defaultItems(12_000));
    // the catalogue reaches the real log's size at the real log's session count
    assertEquals(SyntheticClicks.FULL_SCALE_ITEMS, SyntheticClicks.defaultItems(SyntheticClicks.FULL_SCALE_SESSIONS), 2);
    assertEquals(183, SyntheticClicks.defaultDays(SyntheticClicks.FULL_SCALE_SESSIONS));
  }
}
