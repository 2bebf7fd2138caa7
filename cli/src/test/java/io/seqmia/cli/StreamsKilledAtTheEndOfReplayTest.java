package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's data-loss case, as it was measured: {@code seqmia broker}, {@code streams}, {@code trainer} and
 * {@code attacker} as separate processes, 4,000 generated sessions replayed at 4,000 clicks/s, the streams-app
 * killed with -9 as the replay ends and restarted on the same state dir. Read {@code read_committed}, the
 * sequences equal those of an uninterrupted streams-app fed the same file (none missing, none twice), the
 * target trains on the complete data set, and every target-side sequence gets exactly one verdict.
 */
@Tag(BrokerTest.TAG)
class StreamsKilledAtTheEndOfReplayTest {

  private static final int SESSIONS = 4_000;
  private static final Duration WAIT = Duration.ofMinutes(5);

  @Test
  void killedWithMinus9AsTheReplayEndsItLosesNothing(@TempDir Path dir) throws Exception {
    Path clicks = dir.resolve("clicks.dat");
    SyntheticClicks.write(clicks, SESSIONS, 13);
    int kafka = SeqmiaProcess.freePort();
    String bootstrap = "localhost:" + kafka;
    Map<String, String> env = Map.of(KafkaOptions.BOOTSTRAP_ENV, bootstrap);
    Process broker = SeqmiaProcess.startBroker(dir, kafka);
    Process streams = null;
    Process trainer = null;
    Process attacker = null;
    try {
      SeqmiaProcess.awaitPort(kafka, broker);

      // the reference: an uninterrupted streams-app on topics of its own, fed the same file
      Topics ref = Topics.withPrefix("ref.");
      assertEquals(0, Seqmia.newCommandLine().execute("topics", "--bootstrap-server", bootstrap, "--topic-prefix",
          ref.prefix()));
      Process reference = SeqmiaProcess.start(dir.resolve("ref.log"), dir.resolve("ref.log"), env, "streams",
          "--verbose", "--topic-prefix", ref.prefix(), "--set", "streams.state.dir=" + dir.resolve("ref-state"), "--set",
          "streams.application.id=reference-streams"); // its own group and internal topics
      assertEquals(0, Seqmia.newCommandLine().execute("replay", "--bootstrap-server", bootstrap, "--topic-prefix",
          ref.prefix(), "--file", clicks.toString()));
      Map<String, String> expected = sequencesOnceFlushed(bootstrap, ref);
      reference.destroyForcibly();
      reference.waitFor(30, TimeUnit.SECONDS);

      // the audited run; the streams-app dies with -9 as the replay ends, and comes back on its state dir
      Topics topics = Topics.withPrefix("");
      List<String> streamsArgs = new java.util.ArrayList<>(List.of("streams", "--verbose", "--set",
          "streams.state.dir=" + dir.resolve("streams-state")));
      // To show that this test holds the guarantee: -Dseqmia.test.processing.guarantee=at_least_once makes it fail
      String guarantee = System.getProperty("seqmia.test.processing.guarantee");
      if (guarantee != null) {
        streamsArgs.addAll(List.of("--set", "kafka.processing.guarantee=" + guarantee));
      }
      streams = SeqmiaProcess.start(dir.resolve("streams-1.log"), dir.resolve("streams-1.log"), env,
          streamsArgs.toArray(String[]::new));
      trainer = SeqmiaProcess.start(dir.resolve("trainer.log"), dir.resolve("trainer.log"), env, "trainer", "--verbose", "--set",
          "trainer.model.dir=" + dir.resolve("models"), "--set", "trainer.model.epochs=3");
      attacker = SeqmiaProcess.start(dir.resolve("attacker.log"), dir.resolve("attacker.log"), env, "attacker", "--verbose");
      awaitLine(dir.resolve("streams-1.log"), "REBALANCING -> RUNNING", streams);
      long replayStart = System.nanoTime();
      assertEquals(0, Seqmia.newCommandLine().execute("replay", "--bootstrap-server", bootstrap, "--file",
          clicks.toString(), "--rate", "4000"));
      double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
      streams.destroyForcibly(); // SIGKILL, the moment the replay (and its flush markers) is done
      streams.waitFor(30, TimeUnit.SECONDS);
      streams = SeqmiaProcess.start(dir.resolve("streams-2.log"), dir.resolve("streams-2.log"), env,
          streamsArgs.toArray(String[]::new));

      AttackReport report = TopicReader.await(bootstrap, topics.attackReports(), r -> true, WAIT);
      assertTrue(report != null, "no attack report; trainer log: " + SeqmiaProcess.tail(dir.resolve("trainer.log")));
      List<ConsumerRecord<String, ClickSequence>> emitted = TopicReader.readAll(bootstrap, topics.clickSequences());
      Map<String, String> actual = byId(emitted);
      assertEquals(emitted.size(), actual.size(), "a sequence emitted twice");
      assertEquals(expected.keySet(), actual.keySet(), "the same sequences as the uninterrupted run (replay took "
          + String.format("%.1f", replaySeconds) + " s, killed at its end)");
      assertEquals(expected, actual, "and the same items, variants included");
      assertEquals("true", report.getTargetAttributes().get("complete"), "the target trained on the whole data set");
      long targetSide = emitted.stream().map(ConsumerRecord::value).filter(s -> s.getSplit()
          == MembershipSplit.TARGET_MEMBER || s.getSplit() == MembershipSplit.TARGET_NONMEMBER).count();
      assertEquals(targetSide, report.getVerdictsExpected(), "every target-side sequence was scored");
      List<ConsumerRecord<String, MembershipVerdict>> verdicts = SeqmiaProcess.awaitVerdicts(bootstrap, topics, targetSide);
      assertEquals(targetSide, verdicts.size(), "one verdict per target-side sequence");
      assertEquals(targetSide, verdicts.stream().map(ConsumerRecord::key).distinct().count(), "none twice");
    } finally {
      for (Process p : new Process[] {streams, trainer, attacker, broker}) {
        if (p != null) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** The sequences (id to items and split) once SESSIONS_FLUSHED came for every clicks partition. */
  private static Map<String, String> sequencesOnceFlushed(String bootstrap, Topics topics) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    int partitions = TopicReader.readAll(bootstrap, topics.control()).stream().map(ConsumerRecord::value)
        .filter(e -> e.getType() == ControlType.END_OF_REPLAY).findFirst()
        .map(e -> Integer.parseInt(e.getAttributes().get("clicksPartitions"))).orElseThrow();
    while (System.nanoTime() < deadline) {
      Set<Integer> flushed = TopicReader.readAll(bootstrap, topics.control()).stream().map(ConsumerRecord::value)
          .filter(e -> e.getType() == ControlType.SESSIONS_FLUSHED && "streams".equals(e.getSource()))
          .map(ControlEvent::getPartition).collect(Collectors.toSet());
      if (flushed.size() >= partitions) {
        return byId(TopicReader.readAll(bootstrap, topics.clickSequences()));
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the reference streams-app did not flush every partition in " + WAIT);
  }

  private static Map<String, String> byId(List<ConsumerRecord<String, ClickSequence>> records) {
    Map<String, String> out = new TreeMap<>();
    for (ConsumerRecord<String, ClickSequence> r : records) {
      ClickSequence s = r.value();
      out.put(s.getSequenceId(), s.getItemIds() + " " + s.getSplit() + " " + s.getVariant());
    }
    return out;
  }



  private static void awaitLine(Path log, String line, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (SeqmiaProcess.logContains(log, line)) {
        return;
      }
      assertTrue(process.isAlive(), "exited: " + SeqmiaProcess.tail(log));
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + line + "' in " + log + ": " + SeqmiaProcess.tail(log));
  }

}
