package io.seqmia.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.data.SyntheticClicks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration") // a broker, a real data sample, or minutes of model training: left out of the fast run
class SessionizerReferenceTest {

  @Test
  void readsEveryClickAndKeepsTheSessionsThatAreLongEnough(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("clicks.dat");
    SyntheticClicks.write(file, 400, 7);
    SessionizerReference.Result r = SessionizerReference.run(file);
    assertEquals(Files.readAllLines(file).size(), r.clicks());
    assertEquals(400, r.sessions());
    // the generator makes about 5 % single-click sessions; the repeat rule drops a few more
    assertTrue(r.sequences() < 400 && r.sequences() > 340, "sequences " + r.sequences());
    assertTrue(r.clicksPerSecond() > 0);
  }
}
