package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.DeadLetter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** session.mode=user-gap: a user's clicks cut into sessions by the event-time gap. */
class UserGapSessionTest {

  private static final long T0 = 1_400_000_000_000L;
  private static final long MIN = 60_000L;

  @TempDir Path stateDir;

  private TopologyFixture fixture() {
    return new TopologyFixture(stateDir, b -> b.sessionMode(SessionMode.USER_GAP).augmentCount(0)
        .sessionGap(Duration.ofMinutes(30)).grace(Duration.ofMinutes(5)));
  }

  private static List<String> ids(List<ClickSequence> out) {
    return out.stream().map(ClickSequence::getSequenceId).toList();
  }

  @Test
  void aGapLongerThanSessionGapSplitsOneUsersClicksIntoTwoSessions() {
    try (TopologyFixture f = fixture()) {
      f.userClick("u", "a", T0);
      f.userClick("u", "b", T0 + 10 * MIN);
      f.userClick("u", "c", T0 + 20 * MIN);
      f.userClick("u", "d", T0 + 51 * MIN); // 31 minutes after c: a new session
      assertTrue(f.sequences.isEmpty(), "the first session's close time (c + 35 min) has not passed");
      f.userClick("u", "e", T0 + 60 * MIN); // stream time passes T0 + 55 min: the first session closes

      List<ClickSequence> first = f.readSequences();
      assertEquals(List.of("u@" + T0), ids(first));
      assertEquals(List.of("a", "b", "c"), first.get(0).getItemIds());
      assertEquals("u@" + T0, first.get(0).getSessionId());
      assertEquals("u", first.get(0).getUserId());
      assertEquals(List.of(T0, T0 + 10 * MIN, T0 + 20 * MIN), first.get(0).getTimestamps());

      f.flush("r", T0 + 61 * MIN);
      List<ClickSequence> second = f.readSequences();
      assertEquals(List.of("u@" + (T0 + 51 * MIN)), ids(second));
      assertEquals(List.of("d", "e"), second.get(0).getItemIds());
      assertEquals(2L, f.counters.sessionsEmitted.get());
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void outOfOrderClicksWithinTheGraceArePlacedByEventTimeAndCanMergeSessions() {
    try (TopologyFixture f = fixture()) {
      f.userClick("u", "c", T0 + 20 * MIN);
      f.userClick("u", "a", T0); // earlier than the first click seen: the session starts here
      f.userClick("u", "b", T0 + 10 * MIN);
      f.userClick("v", "x", T0);
      f.userClick("v", "z", T0 + 32 * MIN); // two runs for v, 32 minutes apart ...
      f.userClick("v", "y", T0 + 16 * MIN); // ... until this click bridges them (before either closed)
      f.flush("r", T0 + 33 * MIN);

      List<ClickSequence> out = f.readSequences();
      assertEquals(List.of("u@" + T0, "v@" + T0), ids(out), "one session each, no duplicate from the merge");
      assertEquals(List.of("a", "b", "c"), out.get(0).getItemIds());
      assertEquals(List.of("x", "y", "z"), out.get(1).getItemIds());
      assertEquals(List.of(T0, T0 + 16 * MIN, T0 + 32 * MIN), out.get(1).getTimestamps());
      assertTrue(f.dlq.isEmpty());
    }
  }

  @Test
  void aClickBeyondTheGraceForAClosedSessionIsLateButALaterOneStartsANewSession() {
    try (TopologyFixture f = fixture()) {
      f.userClick("u", "a", T0);
      f.userClick("u", "b", T0 + MIN);
      f.userClick("v", "x", T0 + 40 * MIN); // stream time passes T0 + 1 + 35 min: u@T0 closes
      assertEquals(List.of("u@" + T0), ids(f.readSequences()));

      f.userClick("u", "late", T0 + 2 * MIN); // would have extended the closed session

      DeadLetter letter = f.dlq.readValue();
      assertEquals("late", letter.getReason());
      assertTrue(letter.getRawText().contains("late"));
      assertEquals(1L, f.counters.late.get());

      f.userClick("u", "c", T0 + 100 * MIN);
      f.userClick("u", "d", T0 + 101 * MIN);
      f.flush("r", T0 + 102 * MIN);
      List<ClickSequence> out = f.readSequences();
      assertEquals(List.of("u@" + (T0 + 100 * MIN)), ids(out.stream().filter(s -> s.getUserId().equals("u")).toList()));
      assertTrue(f.dlq.isEmpty());
      assertEquals(1L, f.counters.tooShort.get(), "v's single click");
    }
  }

  @Test
  void clicksNotKeyedByTheirUserAreDeadLettered() {
    try (TopologyFixture f = fixture()) {
      f.click("session-1", "a", T0); // keyed by session, user id "u-session-1"
      DeadLetter letter = f.dlq.readValue();
      assertTrue(letter.getReason().contains("--key user"), letter.getReason());
      assertEquals(1L, f.counters.deadLettered.get());
      f.flush("r", T0 + MIN);
      assertTrue(f.sequences.isEmpty());
    }
  }

  @Test
  void splitsAreDrawnFromTheUserSessionId() {
    try (TopologyFixture f = fixture()) {
      f.userClick("u", "a", T0);
      f.userClick("u", "b", T0 + MIN);
      f.flush("r", T0 + 2 * MIN);
      ClickSequence s = f.readSequences().get(0);
      MembershipSplitter splitter = MembershipSplitter.from(f.config);
      assertEquals(splitter.split("u@" + T0), s.getSplit());
      assertEquals(splitter.attackerKnows("u@" + T0), s.getAttackerKnows());
    }
  }
}
