package io.seqmia.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing of --speed and the pacer's waits (lower bounds only: a loaded machine may always be slower). */
class PacingTest {

  @Test
  void parsesSpeedValues() {
    assertEquals(Pacing.max(), Pacing.parseSpeed("max"));
    assertEquals(Pacing.speed(60), Pacing.parseSpeed("60x"));
    assertEquals(Pacing.speed(2.5), Pacing.parseSpeed("2.5"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pacing.parseSpeed("fast"));
    assertTrue(e.getMessage().contains("--speed fast: expected 'max' or a positive factor like '60x'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Pacing.parseSpeed("0x"));
    assertThrows(IllegalArgumentException.class, () -> Pacing.rate(-1));
  }

  @Test
  void rateSpacesRecords() throws InterruptedException {
    Pacer pacer = new Pacer(Pacing.rate(200));
    long start = System.nanoTime();
    for (int i = 0; i < 300; i++) {
      pacer.await(0);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 1.2, "300 records at 200/s took only " + seconds + " s");
  }

  @Test
  void speedDividesTheOriginalGapsAndCapsLongOnes() throws InterruptedException {
    Pacer pacer = new Pacer(Pacing.speed(20));
    long start = System.nanoTime();
    // 3 gaps of 10 s at 20x = 1.5 s; the jump back costs nothing
    for (long t : new long[] {0, 10_000, 20_000, 5_000, 15_000}) {
      pacer.await(t);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 1.2, "took only " + seconds + " s");
    assertTrue(Pacing.MAX_SINGLE_WAIT_MILLIS <= 10_000, "a single wait is capped at 10 s");
  }

  @Test
  void maxDoesNotWait() throws InterruptedException {
    Pacer pacer = new Pacer(Pacing.max());
    for (int i = 0; i < 1000; i++) {
      pacer.await(i * 60_000L);
    }
    assertTrue(!pacer.paced());
  }

  @Test
  void timeBoundsAcceptDatesAndInstants() {
    assertEquals(java.time.Instant.parse("2014-04-03T00:00:00Z"), TimeBound.parseFrom("2014-04-03"));
    assertEquals(java.time.Instant.parse("2014-04-04T00:00:00Z"), TimeBound.parseTo("2014-04-03"),
        "a plain --to date includes that day");
    assertEquals(java.time.Instant.parse("2014-04-03T12:30:00Z"), TimeBound.parseTo("2014-04-03T12:30:00Z"));
    assertEquals(java.time.Instant.parse("2014-04-03T12:30:00Z"), TimeBound.parseFrom("2014-04-03T12:30"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeBound.parseFrom("yesterday"));
    assertTrue(e.getMessage().startsWith("--from yesterday: expected an ISO date"), e.getMessage());
  }
}
