package io.seqmia.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.broker.TopicReader;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.ModelRoles;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import io.seqmia.testkit.KafkaBroker;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale issue's done-when at a size CI affords: the whole demo pipeline with every chunk limit set far
 * below the data (streams steps of 100 sessions, trainer and attacker transactions of 500 records, an attack
 * sample smaller than the evaluation set), so every bounded path runs many times. Nothing may be lost or
 * doubled: every generated session is emitted or counted as too short, the target trains on every member,
 * and every scored sequence gets exactly one verdict.
 */
@BrokerTest
class ReducedScaleTest {

  static final int SESSIONS = 20_000;

  @Test
  void everySessionIsAccountedForEveryMemberTrainedAndEveryScoredSequenceVerdicted(KafkaBroker broker,
      @TempDir Path reportDir) throws Exception {
    Properties overrides = new Properties();
    overrides.setProperty("trainer.model.epochs", "1");
    overrides.setProperty("streams.chunk.records", "100");
    overrides.setProperty("trainer.chunk.records", "500");
    overrides.setProperty("attacker.chunk.records", "500");
    overrides.setProperty("attacker.eval.max", "3000");
    DemoOptions options = new DemoOptions(null, SESSIONS, 11, reportDir, 3, Duration.ofMinutes(15), overrides);
    Topics topics = Topics.withPrefix("scale.");

    try (DemoRun run = DemoRun.start(options, broker.bootstrapServers(), topics, new PrintStream(System.err))) {
      DemoResult result = run.complete();
      JsonNode json = new ObjectMapper().readTree(Files.readString(reportDir.resolve("report.json")));

      List<ClickSequence> sequences = values(TopicReader.readAll(run.bootstrapServers(), topics.clickSequences()));
      assertUnique(sequences.stream().map(ClickSequence::getSequenceId).toList(), "sequence");
      long originals = sequences.stream().filter(s -> s.getVariant() == SequenceVariant.ORIGINAL).count();
      JsonNode counted = json.path("sequences");
      assertEquals(originals, counted.path("original").asLong());
      // tooShort includes the sessions dropped by the repeat rule (droppedByRepeats is a part of it).
      assertEquals(SESSIONS, originals + counted.path("tooShort").asLong(), "every generated session accounted for");
      assertTrue(counted.path("droppedByRepeats").asLong() <= counted.path("tooShort").asLong());

      long members = sequences.stream().filter(s -> s.getSplit() == MembershipSplit.TARGET_MEMBER).count();
      assertEquals(members, json.path("target").path("trainSequences").asLong(), "the target trains on every member");
      assertTrue(json.path("target").path("complete").asBoolean(), "trained on the complete data set");

      List<ScoreVector> vectors = values(TopicReader.readAll(run.bootstrapServers(), topics.scoreVectors()));
      List<ScoreVector> target = vectors.stream().filter(v -> ModelRoles.of(v) == ModelRole.TARGET).toList();
      // Each sequence is scored once, by the model of its side: the target or the shadow.
      assertUnique(vectors.stream().map(ScoreVector::getSequenceId).toList(), "score vector");
      assertEquals(sequences.size(), vectors.size(), "every sequence scored once");
      long targetSide = sequences.stream().filter(s -> s.getSplit() == MembershipSplit.TARGET_MEMBER
          || s.getSplit() == MembershipSplit.TARGET_NONMEMBER).count();
      assertEquals(targetSide, target.size(), "every target-side sequence scored by the target");
      List<MembershipVerdict> verdicts =
          values(TopicReader.readAll(run.bootstrapServers(), topics.membershipVerdicts()));
      assertUnique(verdicts.stream().map(MembershipVerdict::getSequenceId).toList(), "verdict");
      assertEquals(target.size(), verdicts.size(), "one verdict per scored sequence");
      assertEquals(result.verdictsExpected(), result.verdictsPublished());
      assertTrue(json.path("attackSample").path("sampled").asBoolean(), "attacked on a sample of "
          + target.size() + " vectors: " + json.path("attackSample"));
      for (JsonNode attack : json.path("attacks")) {
        assertTrue(attack.path("members").asLong() + attack.path("nonMembers").asLong() <= 3000,
            "evaluated within attacker.eval.max: " + attack);
      }
    }
  }

  private static void assertUnique(List<String> ids, String what) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      assertTrue(seen.add(id), what + " twice: " + id);
    }
  }

  private static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }
}
