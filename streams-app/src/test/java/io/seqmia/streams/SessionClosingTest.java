package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.SequenceVariant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionClosingTest {

  private static final long T0 = 1_400_000_000_000L;
  private static final long MIN = 60_000L;

  @TempDir Path stateDir;

  @Test
  void flushMarkerClosesAllSessionsAndReportsPartitionAndCount() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("s1", "a", T0);
      f.click("s1", "b", T0 + MIN);
      f.click("s2", "c", T0 + 2 * MIN);
      f.click("s2", "d", T0 + 3 * MIN);
      f.click("s3", "e", T0 + 3 * MIN); // too short: closed but not emitted
      assertTrue(f.sequences.isEmpty(), "nothing closes before the gap or a flush");

      f.flush("run-7", T0 + 4 * MIN);

      List<ClickSequence> out = f.readSequences();
      assertEquals(List.of("s1", "s2"), out.stream().map(ClickSequence::getSequenceId).toList());
      assertTrue(out.stream().allMatch(s -> s.getVariant() == SequenceVariant.ORIGINAL));
      ControlEvent event = f.control.readValue();
      assertEquals(ControlType.SESSIONS_FLUSHED, event.getType());
      assertEquals("run-7", event.getRunId());
      assertEquals("streams", event.getSource());
      assertEquals(0, event.getPartition()); // the driver feeds partition 0
      assertEquals(2L, event.getCount());
      assertEquals(1L, f.counters.tooShort.get());
      assertTrue(f.control.isEmpty());
    }
  }

  @Test
  void sessionClosesWhenStreamTimePassesLastClickPlusGapAndGrace() {
    try (TopologyFixture f = new TopologyFixture(stateDir,
        b -> b.sessionGap(Duration.ofMinutes(30)).grace(Duration.ofMinutes(5)).augmentCount(0))) {
      f.click("early", "a", T0);
      f.click("early", "b", T0 + 10 * MIN);
      // Deadline of "early" = T0 + 10 + 35 minutes. Stream time just reaching it is not enough.
      f.click("other", "x", T0 + 45 * MIN);
      assertTrue(f.sequences.isEmpty());
      f.click("other", "y", T0 + 47 * MIN);
      List<ClickSequence> out = f.readSequences();
      assertEquals(1, out.size());
      assertEquals("early", out.get(0).getSequenceId());
      assertEquals(List.of("a", "b"), out.get(0).getItemIds());
    }
  }

  @Test
  void sessionReplayedOutOfTimeOrderIsNotClosedEarly() {
    // A file ordered by session id: stream time runs ahead, then an older session starts. Its deadline
    // counts from the stream time when its clicks arrived, not from its (old) event times.
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("s1", "a", T0 + 600 * MIN);
      f.click("s1", "b", T0 + 601 * MIN);
      f.click("s2", "c", T0);
      f.click("s2", "d", T0 + MIN);
      assertTrue(f.sequences.isEmpty());
      assertTrue(f.dlq.isEmpty());
      f.flush("r", T0 + 602 * MIN);
      assertEquals(List.of("s1", "s2"), f.readSequences().stream().map(ClickSequence::getSequenceId).toList());
    }
  }

  @Test
  void clickForAnAlreadyClosedSessionGoesToTheDlqAsLate() {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> b.augmentCount(0))) {
      f.click("s1", "a", T0);
      f.click("s1", "b", T0 + MIN);
      f.flush("r", T0 + 2 * MIN);
      assertEquals(1, f.readSequences().size());

      f.click("s1", "c", T0 + 3 * MIN);

      assertTrue(f.sequences.isEmpty(), "a late click must not reopen the session");
      DeadLetter letter = f.dlq.readValue();
      assertEquals("late", letter.getReason());
      assertEquals("streams", letter.getSource());
      assertEquals(TopologyFixture.TOPICS.clicks().name(), letter.getTopic());
      assertEquals(0, letter.getPartition());
      assertEquals(3L, letter.getOffset()); // fourth record of the partition (after 2 clicks and the marker)
      assertTrue(letter.getRawText().contains("s1"));
      assertEquals(1L, f.counters.late.get());
      assertEquals(0L, f.counters.deadLettered.get());
    }
  }

  @Test
  void closedSessionIdsAreForgottenAfterTheRetention() {
    try (TopologyFixture f = new TopologyFixture(stateDir,
        b -> b.augmentCount(0).closedSessionRetention(Duration.ofHours(1)))) {
      f.click("s1", "a", T0);
      f.click("s1", "b", T0 + MIN);
      f.flush("r", T0 + 2 * MIN);
      f.click("s2", "x", T0 + 200 * MIN); // moves stream time 3h on: s1's id is forgotten
      f.click("s1", "c", T0 + 201 * MIN);
      assertTrue(f.dlq.isEmpty());
      assertNull(f.driver.<String, Long>getKeyValueStore(SeqmiaTopology.CLOSED_SESSIONS_STORE).get("s1"));
      assertNotNull(f.driver.getKeyValueStore(SeqmiaTopology.SESSIONS_STORE).get("s1"), "s1 is open again");
    }
  }
}
