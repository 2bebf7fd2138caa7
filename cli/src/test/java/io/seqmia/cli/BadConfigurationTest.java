package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.testkit.BrokerTest;
import io.seqmia.testkit.KafkaBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A stage started with a configuration that cannot work stops at once, with exit code 2 and one message that
 * says what to fix: no stack trace as the only explanation, no hanging on a timeout of the clients.
 */
@BrokerTest
class BadConfigurationTest {

  /** Runs a command, and says how long it took to give up. */
  private static SeqmiaCommandTest.Run timed(long[] millis, String... args) {
    long start = System.nanoTime();
    SeqmiaCommandTest.Run run = SeqmiaCommandTest.run(args);
    millis[0] = (System.nanoTime() - start) / 1_000_000;
    return run;
  }

  private static void assertSaysWhatToFix(SeqmiaCommandTest.Run run, String fragment) {
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains(fragment), run.err());
    assertFalse(run.err().contains("\tat "), "a message, not a stack trace: " + run.err());
  }

  @Test
  void anUnreachableBrokerIsSaidWithinSeconds() {
    long[] took = new long[1];
    SeqmiaCommandTest.Run run = timed(took, "trainer", "--bootstrap-server", "localhost:1");
    assertSaysWhatToFix(run, "the Kafka cluster at localhost:1 did not answer within 8 s: check --bootstrap-server");
    // the clients' own timeout is 60 s; the command gives up after its reach timeout, plus start-up
    assertTrue(took[0] < Duration.ofSeconds(30).toMillis(), "gave up after " + took[0] + " ms");
  }

  @Test
  void aMalformedKafkaSettingNamesTheKey(KafkaBroker broker) {
    SeqmiaCommandTest.Run run = SeqmiaCommandTest.run("attacker", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", "bad-config.", "--set", "kafka.request.timeout.ms=soon");
    assertSaysWhatToFix(run, "request.timeout.ms");
  }

  @Test
  void aMissingTopicIsNamedWithWhatToCheck(KafkaBroker broker) {
    // The stages and the replay create their topics; a reader does not, so a mistyped prefix is a missing topic.
    long[] took = new long[1];
    SeqmiaCommandTest.Run run = timed(took, "verdicts", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", "never-created.", "--from-beginning");
    assertSaysWhatToFix(run, "topic never-created.membership-verdicts does not exist on " + broker.bootstrapServers()
        + " (check --bootstrap-server and --topic-prefix)");
    assertTrue(took[0] < Duration.ofSeconds(10).toMillis(), "gave up after " + took[0] + " ms");
  }

  @Test
  void negativeSizesAndUnknownKeysStopBeforeAnythingConnects() {
    assertSaysWhatToFix(SeqmiaCommandTest.run("trainer", "--bootstrap-server", "localhost:1", "--set",
        "trainer.store.memory.mb=-5"), "trainer.store.memory.mb: Value must be at least 0");
    assertSaysWhatToFix(SeqmiaCommandTest.run("streams", "--bootstrap-server", "localhost:1", "--set",
        "streams.chunk.recrods=5"), "did you mean 'streams.chunk.records'?");
    assertSaysWhatToFix(SeqmiaCommandTest.run("attacker", "--bootstrap-server", "localhost:1", "--partitions", "0"),
        "--partitions 0: must be at least 1");
  }
}
