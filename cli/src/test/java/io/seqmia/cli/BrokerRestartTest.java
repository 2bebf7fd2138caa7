package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.Click;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker process stopped and started again on its data dir, twice: while the file is being replayed, and
 * while the trainer scores. Every stage reconnects by itself, and read {@code read_committed} no click is lost
 * or doubled, no sequence or score vector doubled, and every target-side sequence has one verdict.
 */
@Tag(BrokerTest.TAG)
class BrokerRestartTest {

  private static final int SESSIONS = 4_000;
  private static final Duration WAIT = Duration.ofMinutes(6);

  private Process broker;
  private int kafka;
  private Path dir;
  private int brokerStarts;

  private void startBroker() throws Exception {
    Path log = dir.resolve("broker-" + (++brokerStarts) + ".log");
    broker = SeqmiaProcess.startBroker(dir, kafka, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertTrue(broker.isAlive(), "the broker exited: " + Files.readString(log));
      if (Files.readString(log).contains("Kafka broker running at")) {
        try (Socket ignored = new Socket("localhost", kafka)) {
          return;
        } catch (java.io.IOException notYet) {
          // listening soon
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the broker did not start: " + Files.readString(log));
  }

  private void restartBroker() throws Exception {
    broker.destroy(); // SIGTERM: the broker closes its logs cleanly
    assertTrue(broker.waitFor(60, TimeUnit.SECONDS), "the broker did not stop");
    Thread.sleep(2_000); // the clients see it gone
    startBroker();
  }

  @Test
  void everyStageReconnectsAndNothingIsLostOrDoubled(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path clicks = dir.resolve("clicks.dat");
    SyntheticClicks.write(clicks, SESSIONS, 17);
    long lines = Files.lines(clicks).filter(l -> !l.isBlank()).count();
    kafka = SeqmiaProcess.freePort();
    String bootstrap = "localhost:" + kafka;
    Map<String, String> env = Map.of(KafkaOptions.BOOTSTRAP_ENV, bootstrap);
    Map<String, Process> services = new java.util.LinkedHashMap<>();
    try {
      startBroker();
      services.put("streams", SeqmiaProcess.start(dir.resolve("streams.log"), dir.resolve("streams.log"), env,
          "streams", "--verbose", "--set", "streams.state.dir=" + dir.resolve("streams-state")));
      services.put("trainer", SeqmiaProcess.start(dir.resolve("trainer.log"), dir.resolve("trainer.log"), env,
          "trainer", "--verbose", "--set", "trainer.model.dir=" + dir.resolve("models"), "--set", "trainer.model.epochs=3"));
      services.put("attacker", SeqmiaProcess.start(dir.resolve("attacker.log"), dir.resolve("attacker.log"), env,
          "attacker", "--verbose", "--set", "attacker.model.dir=" + dir.resolve("attack-models")));
      Thread.sleep(10_000); // the services are up and assigned

      // 1. during the replay (its producer retries; idempotence keeps each click once)
      CompletableFuture<Integer> replay = CompletableFuture.supplyAsync(() -> Seqmia.newCommandLine().execute(
          "replay", "--bootstrap-server", bootstrap, "--file", clicks.toString(), "--rate", "3000"));
      Thread.sleep(2_500);
      restartBroker();
      assertEquals(0, replay.get(3, TimeUnit.MINUTES), "the replay finishes across the restart");

      // 2. while the trainer scores (after MODEL_TRAINED, before SCORING_COMPLETE)
      Topics topics = Topics.withPrefix("");
      assertTrue(TopicReader.await(bootstrap, topics.control(), e -> e.getType() == ControlType.MODEL_TRAINED, WAIT)
          != null, "no MODEL_TRAINED: " + SeqmiaProcess.tail(dir.resolve("trainer.log")));
      restartBroker();

      AttackReport report = TopicReader.await(bootstrap, topics.attackReports(), r -> true, WAIT);
      assertTrue(report != null, "no attack report; trainer: " + SeqmiaProcess.tail(dir.resolve("trainer.log")) + "\nattacker: "
          + SeqmiaProcess.tail(dir.resolve("attacker.log")));
      services.forEach((name, p) -> assertTrue(p.isAlive(), name + " died: " + SeqmiaProcess.tail(dir.resolve(name + ".log"))));

      List<ConsumerRecord<String, Click>> clicksOnTopic = TopicReader.readAll(bootstrap, topics.clicks()).stream()
          .filter(r -> !io.seqmia.schemas.FlushMarker.isFlushMarker(r.headers())).toList();
      assertEquals(lines, clicksOnTopic.size(), "every click once (the flush markers left out)");
      assertEquals(lines, clicksOnTopic.stream().map(r -> r.value().getSessionId() + "|" + r.value().getEventTime()
          + "|" + r.value().getItemId()).distinct().count(), "no click twice");
      List<ConsumerRecord<String, ClickSequence>> sequences = TopicReader.readAll(bootstrap, topics.clickSequences());
      assertEquals(sequences.size(), sequences.stream().map(ConsumerRecord::key).distinct().count(),
          "no sequence twice");
      List<ConsumerRecord<String, ScoreVector>> vectors = TopicReader.readAll(bootstrap, topics.scoreVectors());
      Map<String, Long> perSequence = vectors.stream().collect(Collectors.groupingBy(
          r -> ModelRoles.of(r.value()) + "/" + r.value().getModelVersion() + "/" + r.key(), Collectors.counting()));
      assertTrue(perSequence.values().stream().allMatch(n -> n == 1), "one score vector per sequence and model");
      long targetSide = report.getVerdictsExpected();
      assertTrue(targetSide > 1_000, "scored " + targetSide);
      List<ConsumerRecord<String, MembershipVerdict>> verdicts = SeqmiaProcess.awaitVerdicts(bootstrap, topics, targetSide);
      assertEquals(targetSide, verdicts.size(), "one verdict per target-side sequence");
      assertEquals(targetSide, verdicts.stream().map(ConsumerRecord::key).distinct().count(), "none twice");
    } finally {
      for (Process p : services.values()) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
      if (broker != null) {
        broker.destroyForcibly();
        broker.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }



}
