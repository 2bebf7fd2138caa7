package io.seqmia.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.data.ClickEvent;
import io.seqmia.data.ClickReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.data.YooChooseClickReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {

  @TempDir Path dir;

  /** A generated file, shuffled line by line, sorted with a tiny chunk: many spills, one merge. */
  @Test
  void sortsAShuffledFileByTimeWithManySpillsAndKeepsEveryEvent() throws IOException {
    Path generated = dir.resolve("generated.dat");
    SyntheticClicks.write(generated, 1_000, 11);
    List<String> lines = new ArrayList<>(Files.readAllLines(generated));
    Collections.shuffle(lines, new Random(5));
    Path shuffled = Files.write(dir.resolve("shuffled.dat"), lines);
    Path spillRoot = Files.createDirectories(dir.resolve("spills"));

    Map<String, Integer> expected = new HashMap<>();
    try (ClickReader reader = YooChooseClickReader.open(shuffled)) {
      reader.forEachRemaining(e -> expected.merge(identity(e), 1, Integer::sum));
    }
    Map<String, Integer> actual = new HashMap<>();
    long previous = Long.MIN_VALUE;
    int spills;
    try (ClickReader reader = YooChooseClickReader.open(shuffled);
        ExternalSorter.Sorted sorted = ExternalSorter.sort(reader, 300, spillRoot, null)) {
      spills = sorted.spills();
      assertEquals(lines.size(), sorted.size());
      assertTrue(Files.isDirectory(sorted.spillDirectory()), "spills live in a temp folder under the given one");
      while (sorted.hasNext()) {
        ClickEvent e = sorted.next();
        assertTrue(e.eventTimeMillis() >= previous, "non-decreasing event time at line " + e.lineNumber());
        previous = e.eventTimeMillis();
        actual.merge(identity(e), 1, Integer::sum);
      }
    }
    assertTrue(spills >= lines.size() / 300, "several spill files: " + spills);
    assertEquals(expected, actual, "the same multiset of events");
    try (Stream<Path> left = Files.list(spillRoot)) {
      assertEquals(0, left.count(), "temp files deleted after close");
    }
  }

  @Test
  void aSourceThatFitsOneChunkIsSortedInMemory() {
    List<ClickEvent> events = List.of(
        new ClickEvent("1", "u1", "10", null, 3_000, 1),
        new ClickEvent("2", null, "11", "S", 1_000, 2),
        new ClickEvent("3", null, "12", "1234567890", 1_000, 3));
    try (ExternalSorter.Sorted sorted = ExternalSorter.sort(events.iterator(), 10, dir, null)) {
      assertEquals(0, sorted.spills());
      assertNull(sorted.spillDirectory());
      assertEquals(List.of("2", "3", "1"), List.of(sorted.next().sessionId(), sorted.next().sessionId(),
          sorted.next().sessionId()), "time order, ties in file order");
      assertFalse(sorted.hasNext());
    }
  }

  /** Nullable fields survive the binary spill format. */
  @Test
  void spilledEventsKeepEveryField() {
    List<ClickEvent> events = List.of(
        new ClickEvent("1", "u1", "10", null, 3_000, 1),
        new ClickEvent("2", null, "11", "S", 2_000, 2),
        new ClickEvent("3", "u3", "12", "1234567890", 1_000, 3));
    List<ClickEvent> out = new ArrayList<>();
    try (ExternalSorter.Sorted sorted = ExternalSorter.sort(events.iterator(), 1, dir, null)) {
      assertEquals(3, sorted.spills());
      sorted.forEachRemaining(out::add);
    }
    assertEquals(List.of(events.get(2), events.get(1), events.get(0)), out);
  }

  private static String identity(ClickEvent e) {
    return e.sessionId() + "|" + e.itemId() + "|" + e.eventTimeMillis() + "|" + e.category() + "|" + e.lineNumber();
  }
}
