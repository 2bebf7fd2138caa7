package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer killed with -9 while it trains, while it scores in bulk and while it scores new sessions live; the
 * attacker killed with -9 while it attacks and while it publishes verdicts; each restarted on its model dir
 * (separate processes, as compose runs them). The trainer trains once after a finished training (it loads its
 * checkpoint), each sequence has exactly one score vector per model version, and exactly one verdict per
 * attack-model version, read {@code read_committed}.
 */
@Tag(BrokerTest.TAG)
class TrainerAndAttackerKilledTest {

  private static final Duration WAIT = Duration.ofMinutes(5);

  @Test
  void killedWithMinus9TheyResumeWithoutLossDuplicatesOrASecondTraining(@TempDir Path dir) throws Exception {
    Path clicks = dir.resolve("clicks.dat");
    SyntheticClicks.write(clicks, 3_000, 19);
    int kafka = SeqmiaProcess.freePort();
    String bootstrap = "localhost:" + kafka;
    Map<String, String> env = Map.of(KafkaOptions.BOOTSTRAP_ENV, bootstrap);
    Topics topics = Topics.withPrefix("");
    String[] trainerArgs = {"trainer", "--verbose", "--set", "trainer.model.dir=" + dir.resolve("models"), "--set",
        "trainer.model.epochs=12", "--set", "trainer.chunk.records=100"};
    String[] attackerArgs = {"attacker", "--verbose", "--set", "attacker.model.dir=" + dir.resolve("attack-models"),
        "--set", "attacker.chunk.records=20"};
    Process broker = SeqmiaProcess.startBroker(dir, kafka);
    Process streams = null;
    Process trainer = null;
    Process attacker = null;
    try {
      SeqmiaProcess.awaitPort(kafka, broker);
      streams = SeqmiaProcess.start(dir.resolve("streams.log"), dir.resolve("streams.log"), env, "streams",
          "--verbose", "--set", "streams.state.dir=" + dir.resolve("streams-state"));
      trainer = SeqmiaProcess.start(dir.resolve("trainer-1.log"), dir.resolve("trainer-1.log"), env, trainerArgs);
      attacker = SeqmiaProcess.start(dir.resolve("attacker-1.log"), dir.resolve("attacker-1.log"), env,
          attackerArgs);
      assertEquals(0, Seqmia.newCommandLine().execute("replay", "--bootstrap-server", bootstrap, "--file",
          clicks.toString()));

      // 1. the trainer, while it trains: no checkpoint yet, so the restarted one trains (once)
      Path firstLog = dir.resolve("trainer-1.log");
      Process first = trainer;
      await(() -> SeqmiaProcess.logContains(firstLog, "target model epoch 3/12"), "the trainer to train", firstLog);
      kill(trainer);
      trainer = SeqmiaProcess.start(dir.resolve("trainer-2.log"), dir.resolve("trainer-2.log"), env, trainerArgs);

      // 2. the trainer, while it scores: between committed chunks of its bulk run
      Path secondLog = dir.resolve("trainer-2.log");
      await(() -> committedCount(bootstrap, topics) > 0 && !hasControl(bootstrap, topics, ControlType.SCORING_COMPLETE),
          "the bulk scoring to be under way", secondLog);
      kill(trainer);
      trainer = SeqmiaProcess.start(dir.resolve("trainer-3.log"), dir.resolve("trainer-3.log"), env, trainerArgs);

      // 3. the attacker, while it attacks: scoring announced complete, no verdict yet
      Path attackerLog = dir.resolve("attacker-1.log");
      await(() -> SeqmiaProcess.logContains(attackerLog, "vectors announced"), "the attack to begin", attackerLog);
      kill(attacker);
      long verdictsWhenKilledAttacking = verdicts(bootstrap, topics).size();
      attacker = SeqmiaProcess.start(dir.resolve("attacker-2.log"), dir.resolve("attacker-2.log"), env,
          attackerArgs);

      // 4. the attacker, while it publishes its bulk verdicts
      Path attackerLog2 = dir.resolve("attacker-2.log");
      await(() -> verdicts(bootstrap, topics).size() > 0 && !hasControl(bootstrap, topics, ControlType.ATTACK_COMPLETE),
          "the verdicts to be under way", attackerLog2);
      kill(attacker);
      attacker = SeqmiaProcess.start(dir.resolve("attacker-3.log"), dir.resolve("attacker-3.log"), env,
          attackerArgs);

      AttackReport report = TopicReader.await(bootstrap, topics.attackReports(), r -> true, WAIT);
      assertTrue(report != null, "no attack report: " + SeqmiaProcess.tail(dir.resolve("attacker-3.log")));
      assertEquals(0, verdictsWhenKilledAttacking, "the attacker was killed during its attack, before any verdict");
      List<ControlEvent> trained = TopicReader.readAll(bootstrap, topics.control()).stream()
          .map(ConsumerRecord::value).filter(e -> e.getType() == ControlType.MODEL_TRAINED).toList();
      assertEquals(1, trained.size(), "one finished training; the scorer killed after it loaded the checkpoint");
      assertFalse(SeqmiaProcess.logContains(dir.resolve("trainer-3.log"), "training the target"), "no retraining after a restart");
      long bulkTargetSide = committed(bootstrap, topics).stream()
          .filter(r -> ModelRoles.of(r.value()) == ModelRole.TARGET).count();
      assertEquals(bulkTargetSide, report.getVerdictsExpected());

      // 5. the trainer, while it scores new sessions live: a second file, later and with new session ids
      Path live = liveClicks(dir.resolve("live.dat"));
      long bulkVectors = committedCount(bootstrap, topics);
      java.util.concurrent.CompletableFuture<Integer> liveReplay = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> Seqmia.newCommandLine().execute("replay", "--bootstrap-server", bootstrap, "--file", live.toString(),
              "--rate", "250"));
      Path thirdLog = dir.resolve("trainer-3.log");
      await(() -> committedCount(bootstrap, topics) > bulkVectors + 20, "live scoring to be under way", thirdLog);
      kill(trainer);
      long vectorsWhenKilledLive = committedCount(bootstrap, topics);
      trainer = SeqmiaProcess.start(dir.resolve("trainer-4.log"), dir.resolve("trainer-4.log"), env, trainerArgs);
      assertEquals(0, liveReplay.get(3, TimeUnit.MINUTES));

      // every sequence, bulk and live, is scored once by the model of its side: wait until the streams-app has
      // emitted the last live sequence and the trainer has scored it (both counts equal, twice in a row)
      long[] counts = {-1, -2};
      await(() -> {
        long sequences = TopicReader.readAll(bootstrap, topics.clickSequences()).size();
        long scored = committedCount(bootstrap, topics);
        boolean settled = sequences == scored && sequences == counts[0];
        counts[0] = sequences;
        counts[1] = scored;
        if (!settled) {
          sleepQuietly(1_000);
        }
        return settled;
      }, "every sequence to be scored", dir.resolve("trainer-4.log"));
      List<ConsumerRecord<String, ScoreVector>> vectors = committed(bootstrap, topics);
      assertEquals(counts[0], vectors.size(), "one score vector per sequence");
      assertTrue(vectorsWhenKilledLive < vectors.size(), "the trainer was killed while live sequences were unscored");
      Map<String, Long> perSequence = vectors.stream().collect(Collectors.groupingBy(r -> ModelRoles.of(r.value())
          + "/" + r.value().getModelVersion() + "/" + r.key(), Collectors.counting()));
      java.util.Set<String> scoredIds = vectors.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
      List<String> unscored = TopicReader.readAll(bootstrap, topics.clickSequences()).stream()
          .map(ConsumerRecord::key).filter(id -> !scoredIds.contains(id)).limit(10).toList();
      assertTrue(perSequence.values().stream().allMatch(n -> n == 1), () -> "one score vector per sequence and"
          + " model; twice: " + perSequence.entrySet().stream().filter(e -> e.getValue() > 1).limit(10).toList()
          + "; none: " + unscored + "; killed live at " + vectorsWhenKilledLive + " vectors");
      assertFalse(SeqmiaProcess.logContains(dir.resolve("trainer-4.log"), "training the target"), "no retraining after a restart");
      long targetSide = vectors.stream().filter(r -> ModelRoles.of(r.value()) == ModelRole.TARGET).count();
      assertTrue(targetSide > bulkTargetSide, "live target-side sequences were scored");

      List<ConsumerRecord<String, MembershipVerdict>> verdicts =
          SeqmiaProcess.awaitVerdicts(bootstrap, topics, targetSide);
      Map<String, Long> perAttack = verdicts.stream().collect(Collectors.groupingBy(
          r -> r.value().getAttackModelVersion() + "/" + r.key(), Collectors.counting()));
      assertTrue(perAttack.values().stream().allMatch(n -> n == 1), "one verdict per sequence and attack model");
      assertEquals(targetSide, verdicts.size(), "every target-side sequence has its verdict, bulk and live");
      assertTrue(first.exitValue() != 0, "the first trainer was killed");
    } finally {
      for (Process p : new Process[] {streams, trainer, attacker, broker}) {
        if (p != null) {
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
  }

  private static long committedCount(String bootstrap, Topics topics) {
    return committed(bootstrap, topics).size();
  }

  private static List<ConsumerRecord<String, ScoreVector>> committed(String bootstrap, Topics topics) {
    return TopicReader.readAll(bootstrap, topics.scoreVectors());
  }

  /**
   * 600 sessions that begin a year after the first file's and whose ids (prefixed with 90000: above the first file's 1 to 3,000) it does not have, so the
   * streams-app emits them as new sessions and the trained trainer scores them live.
   */
  private static Path liveClicks(Path file) throws java.io.IOException {
    SyntheticClicks.Settings base = SyntheticClicks.Settings.of(600, 29);
    Path raw = file.resolveSibling("live-raw.dat");
    SyntheticClicks.write(raw, new SyntheticClicks.Settings(base.sessions(), base.items(), base.days(), base.seed(),
        SyntheticClicks.DEFAULT_START.plus(Duration.ofDays(365)), base.zipfExponent()));
    try (java.util.stream.Stream<String> lines = Files.lines(raw)) {
      Files.write(file, lines.map(l -> l.isBlank() ? l : "90000" + l).toList());
    }
    return file;
  }

  private static List<ConsumerRecord<String, MembershipVerdict>> verdicts(String bootstrap, Topics topics) {
    return TopicReader.readAll(bootstrap, topics.membershipVerdicts());
  }

  private static boolean hasControl(String bootstrap, Topics topics, ControlType type) {
    return TopicReader.readAll(bootstrap, topics.control()).stream().anyMatch(r -> r.value().getType() == type);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(BooleanSupplier condition, String what, Path log) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ": " + SeqmiaProcess.tail(log));
      }
      Thread.sleep(100);
    }
  }


}
