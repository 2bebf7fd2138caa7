package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStatsTest {

  @TempDir Path dir;

  @Test
  void tinyFileByHand() throws IOException {
    // Session 1: a,a,b  session 2: a,c  session 3: a  (+1 bad line). Items a=4, b=1, c=1.
    // Span: 2014-04-01T00:00 .. 2014-04-03T12:00 = 2.5 days.
    Path file = Files.writeString(dir.resolve("tiny.dat"), """
        1,2014-04-01T00:00:00.000Z,100,0
        1,2014-04-01T00:01:00.000Z,100,0
        1,2014-04-01T00:02:00.000Z,200,S
        2,2014-04-02T00:00:00.000Z,100,1
        not,a,click
        2,2014-04-03T12:00:00.000Z,300,1
        3,2014-04-02T06:00:00.000Z,100,0
        """);
    DatasetStats stats;
    try (ClickReader reader = YooChooseClickReader.open(file)) {
      stats = DatasetStats.compute(reader);
    }
    assertEquals(3, stats.sessions());
    assertEquals(6, stats.interactions());
    assertEquals(3, stats.items());
    assertEquals(2.0, stats.avgSessionLength(), 1e-12);
    assertEquals(2.5, stats.days(), 1e-12);
    assertEquals(3, stats.daysRoundedUp());
    // sorted counts 1,1,4: G = 2*(1+2+12)/(3*6) - 4/3 = 30/18 - 24/18 = 1/3
    assertEquals(1.0 / 3, stats.gini(), 1e-12);
    assertEquals(1, stats.singleClickSessions());
    assertEquals(1, stats.rejected());
    Map<String, Object> m = stats.toMap();
    assertEquals(3L, m.get("sessions"));
    assertEquals(6L, m.get("interactions"));
    assertEquals(3L, m.get("items"));
    assertEquals(2.0, (Double) m.get("avgSessionLength"), 1e-12);
    assertEquals(2.5, (Double) m.get("days"), 1e-12);
    assertEquals(1.0 / 3, (Double) m.get("gini"), 1e-12);
    // Session lengths 1, 2, 3.
    assertEquals(2, stats.sessionLengthP50());
    assertEquals(3, stats.sessionLengthP90());
    assertEquals(3, stats.sessionLengthP99());
    assertEquals(3, stats.sessionLengthMax());
    assertEquals(2L, m.get("sessionLengthP50"));
    assertEquals(3L, m.get("sessionLengthMax"));
  }

  @Test
  void sessionLengthPercentilesAreNearestRank() {
    // 100 sessions of lengths 1..100, in a shuffled order.
    List<ClickEvent> events = new ArrayList<>();
    for (int length = 1; length <= 100; length++) {
      int session = (length * 37) % 101;
      for (int i = 0; i < length; i++) {
        events.add(new ClickEvent("s" + session, null, "i" + i, null, i, events.size() + 1));
      }
    }
    DatasetStats stats = DatasetStats.compute(events.iterator());
    assertEquals(100, stats.sessions());
    assertEquals(50, stats.sessionLengthP50());
    assertEquals(90, stats.sessionLengthP90());
    assertEquals(99, stats.sessionLengthP99());
    assertEquals(100, stats.sessionLengthMax());

    // A long tail: 95 sessions of 2 and five of 40 -> median 2, p90 2, p99 40.
    List<ClickEvent> tail = new ArrayList<>();
    for (int s = 0; s < 100; s++) {
      int length = s < 95 ? 2 : 40;
      for (int i = 0; i < length; i++) {
        tail.add(new ClickEvent("t" + s, null, "x", null, i, tail.size() + 1));
      }
    }
    DatasetStats t = DatasetStats.compute(tail.iterator());
    assertEquals(2, t.sessionLengthP50());
    assertEquals(2, t.sessionLengthP90());
    assertEquals(40, t.sessionLengthP99());
    assertEquals(40, t.sessionLengthMax());
  }

  @Test
  void percentileOfOneAndOfNone() {
    assertEquals(7, DatasetStats.percentile(new int[] {7}, 50));
    assertEquals(7, DatasetStats.percentile(new int[] {7}, 99));
    assertEquals(0, DatasetStats.percentile(new int[0], 50));
  }

  @Test
  void giniBounds() {
    assertEquals(0.0, DatasetStats.gini(new long[] {5, 5, 5, 5}), 1e-12);
    assertEquals(0.75, DatasetStats.gini(new long[] {0, 0, 0, 10}), 1e-12);
    assertEquals(0.0, DatasetStats.gini(new long[0]), 1e-12);
  }

  @Test
  void emptyInput() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.dat"), "");
    try (ClickReader reader = YooChooseClickReader.open(file)) {
      DatasetStats stats = DatasetStats.compute(reader);
      assertEquals(0, stats.sessions());
      assertEquals(0.0, stats.avgSessionLength());
      assertEquals(0.0, stats.days());
      assertEquals(0, stats.sessionLengthP50());
      assertEquals(0, stats.sessionLengthMax());
    }
  }
}
