package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionFilterTest {

  static final long DAY = 86_400_000L;
  static final long MINUTE = 60_000L;

  /**
   * Session k happens on day k, its i-th click i minutes in:
   * s1 A B A | s2 A B | s3 C | s4 A C D | s5 B D | s6 A | s7 B B A | s8 C C C.
   * Raw: 8 sessions, 18 clicks, items A=6 B=5 C=5 D=2.
   * Step 1 drops s3, s6; supports are then A=5 B=5 C=4 D=2, so C (5 raw clicks, 4 after step 1) and D go.
   * Step 3: s4 is left with A, s5 with B, s8 with nothing: dropped. Kept: s1 A B A, s2 A B, s7 B B A.
   */
  static List<ClickEvent> tiny() {
    String[] sessions = {"ABA", "AB", "C", "ACD", "BD", "A", "BBA", "CCC"};
    List<ClickEvent> events = new ArrayList<>();
    for (int k = 1; k <= sessions.length; k++) {
      String items = sessions[k - 1];
      for (int i = 0; i < items.length(); i++) {
        events.add(new ClickEvent("s" + k, null, items.substring(i, i + 1), null, k * DAY + i * MINUTE,
            events.size() + 1));
      }
    }
    return events;
  }

  @Test
  void gru4recFilterByHand() {
    List<ClickEvent> events = tiny();
    FilterResult r = DatasetStats.computeFiltered(() -> ClickReader.of(events.iterator(), "tiny"));

    DatasetStats before = r.before();
    assertEquals(8, before.sessions());
    assertEquals(18, before.interactions());
    assertEquals(4, before.items());
    assertEquals(2, before.singleClickSessions());
    assertEquals(7 + 2.0 / 1440, before.days(), 1e-12);
    // counts 2,5,5,6: G = 2*(2+10+15+24)/(4*18) - 5/4 = 1/6
    assertEquals(1.0 / 6, before.gini(), 1e-12);
    // lengths 1,1,2,2,3,3,3,3
    assertEquals(2, before.sessionLengthP50());
    assertEquals(3, before.sessionLengthP90());
    assertEquals(3, before.sessionLengthMax());

    DatasetStats after = r.after();
    assertEquals(3, after.sessions());
    assertEquals(8, after.interactions());
    assertEquals(2, after.items(), "A and B, each 4 clicks now: the filter runs once, as GRU4Rec's does");
    assertEquals(8.0 / 3, after.avgSessionLength(), 1e-12);
    assertEquals(0, after.singleClickSessions());
    assertEquals(6 + 2.0 / 1440, after.days(), 1e-12, "s1 day 1 to s7 day 7 + 2 min");
    assertEquals(0.0, after.gini(), 1e-12);
    assertEquals(3, after.sessionLengthP50(), "lengths 2,3,3");
    assertEquals(3, after.sessionLengthMax());

    assertEquals(5, r.removedSessions());
    assertEquals(10, r.removedInteractions());
    assertEquals(2, r.removedItems());
    Map<String, Object> m = r.toMap();
    assertEquals(3L, m.get("sessions"));
    assertEquals(5L, m.get("removedSessions"));
    assertEquals(10L, m.get("removedInteractions"));
    assertEquals(2L, m.get("removedItems"));
    assertEquals(18L, ((Map<?, ?>) m.get("unfiltered")).get("interactions"));
    assertEquals(Map.of("minSessionLength", 2, "minItemSupport", 5), m.get("filter"));
  }

  @Test
  void otherThresholds() {
    List<ClickEvent> events = tiny();
    // Sessions >= 3 (s1, s4, s7, s8), then items >= 2 in them: A=4 B=3 C=4 D=1, then sessions >= 3 again:
    // s1 ABA, s4 AC (dropped, 2), s7 BBA, s8 CCC -> 3 sessions, 9 clicks, items A B C.
    FilterResult r = new SessionFilter(3, 2).apply(() -> ClickReader.of(events.iterator(), "tiny"));
    assertEquals(3, r.after().sessions());
    assertEquals(9, r.after().interactions());
    assertEquals(3, r.after().items());
    // Nothing to drop: the same data comes out.
    FilterResult none = new SessionFilter(1, 1).apply(() -> ClickReader.of(events.iterator(), "tiny"));
    assertEquals(none.before(), none.after());
    assertEquals(0, none.removedInteractions());
  }

  @Test
  void aSupplierThatHandsOutAUsedReaderIsCaught() {
    ClickReader once = ClickReader.of(tiny().iterator(), "once");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DatasetStats.computeFiltered(() -> once));
    assertTrue(e.getMessage().contains("open the same data afresh"), e.getMessage());
  }

  @Test
  void badThresholdsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SessionFilter(0, 5));
    assertThrows(IllegalArgumentException.class, () -> new SessionFilter(2, 0));
  }
}
