package io.seqmia.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

  private static ProgressDisplay.Phase running(String name, long done, long total, String unit) {
    return new ProgressDisplay.Phase(name, done, total, unit, "");
  }

  @Test
  void rateAndEtaFromWhatMovedSinceThePhaseWasFirstSeen() {
    ProgressDisplay p = new ProgressDisplay(new PrintStream(new ByteArrayOutputStream()), false, List::of);
    long t0 = 1_000_000_000L;
    assertEquals("10 / 50 epochs", p.describe(running("target", 10, 50, "epochs"), t0));
    // 4 s later, 8 more epochs: 2 per second, 32 to go
    assertEquals("18 / 50 epochs, 2.0/s, ETA 0:00:16", p.describe(running("target", 18, 50, "epochs"), t0 + 4_000_000_000L));
    assertEquals("45,410 / 45,410 clicks, done",
        p.describe(new ProgressDisplay.Phase("replay", 45_410, 45_410, "clicks", "done"), t0));
    assertEquals("3 verdicts", p.describe(running("attack", 3, -1, "verdicts"), t0));
    p.describe(running("shadow", 0, 50, "epochs"), t0);
    assertEquals("1 / 50 epochs, 3.0/min, ETA 0:16:20", p.describe(running("shadow", 1, 50, "epochs"),
        t0 + 20_000_000_000L), "slow phases per minute");
  }

  @Test
  void theRateIsTheRecentPaceNotTheLifetimeAverage() {
    ProgressDisplay p = new ProgressDisplay(new PrintStream(new ByteArrayOutputStream()), false, List::of);
    long second = 1_000_000_000L;
    long t0 = 5 * second;
    p.describe(running("live", 0, -1, "vectors"), t0);
    assertEquals("70 vectors, 1.0/s", p.describe(running("live", 70, -1, "vectors"), t0 + 70 * second));
    // 500 more in the next 5 s: the window has moved past the slow start
    assertEquals("570 vectors, 100/s", p.describe(running("live", 570, -1, "vectors"), t0 + 75 * second));
  }

  @Test
  void aPlainLineNamesRunningPhasesInFullAndFinishedOnesByName() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicReference<List<ProgressDisplay.Phase>> now = new AtomicReference<>(List.of(
        new ProgressDisplay.Phase("replay", 5, 5, "clicks", "done"), running("target", 1, 50, "epochs"),
        new ProgressDisplay.Phase("shadow", 0, 50, "epochs", "waiting")));
    ProgressDisplay p = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get);
    p.render(false);
    p.render(false); // unchanged, and not due: nothing printed
    now.set(List.of(new ProgressDisplay.Phase("replay", 5, 5, "clicks", "done")));
    p.render(true); // the last state is always printed
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("\\[0:00:00] target 1 / 50 epochs \\| done: replay"), lines.get(0));
    assertTrue(lines.get(1).endsWith("] done: replay"), lines.get(1));
  }
}
