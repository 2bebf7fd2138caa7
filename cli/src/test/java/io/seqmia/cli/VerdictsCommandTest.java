package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** {@code seqmia verdicts} prints what was published on the verdict topic, and a correct summary. */
@BrokerTest
class VerdictsCommandTest {

  @Test
  void printsPublishedVerdictsAsATableOrJsonLinesWithASummary(KafkaBroker broker) throws Exception {
    Topics topics = Topics.withPrefix("verdicts-cmd.");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    Topic<String, MembershipVerdict> topic = topics.membershipVerdicts();
    // seq-1..4 and 7 with ground truth (4 decided right: TPR 2/2, TNR 2/3), seq-5 without; seq-6 decided wrong, but
    // its label trained the attack, so it is left out of accuracy
    MembershipVerdict trainedOn = verdict("seq-6", 0.95, false);
    trainedOn.setUsedForTraining(true);
    List<MembershipVerdict> verdicts = List.of(
        verdict("seq-1", 0.91, true), verdict("seq-2", 0.12, false), verdict("seq-3", 0.77, false),
        verdict("seq-4", 0.66, true), verdict("seq-5", 0.40, null), trainedOn, verdict("seq-7", 0.20, false));
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (MembershipVerdict v : verdicts) {
        producer.send(new ProducerRecord<>(topic.name(), v.getSequenceId(), v)).get();
      }
    }

    SeqmiaCommandTest.Run table = SeqmiaCommandTest.run("verdicts", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", "verdicts-cmd.", "--from-beginning");
    assertEquals(0, table.exitCode(), table.err());
    for (MembershipVerdict v : verdicts) {
      assertTrue(table.out().contains(v.getSequenceId()), table.out());
    }
    assertTrue(table.out().contains("7 verdicts: 4 members, 3 non-members; accuracy 0.800, balanced accuracy 0.833, on"
        + " 5 with ground truth (1 whose labels the attack trained on left out)"), table.out());

    SeqmiaCommandTest.Run json = SeqmiaCommandTest.run("verdicts", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", "verdicts-cmd.", "--from-beginning", "--json");
    assertEquals(0, json.exitCode(), json.err());
    List<String> lines = json.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(8, lines.size(), json.out());
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines.get(0));
    assertTrue(first.has("sequenceId") && first.has("memberProbability") && first.has("latencyMs"));
    JsonNode summary = mapper.readTree(lines.get(7)).path("summary");
    assertEquals(7, summary.path("count").asLong());
    assertEquals(1, summary.path("usedForTraining").asLong());
    assertEquals(0.8, summary.path("accuracy").asDouble(), 1e-9);
    assertEquals((1 + 2 / 3.0) / 2, summary.path("balancedAccuracy").asDouble(), 1e-9);

    SeqmiaCommandTest.Run latest = SeqmiaCommandTest.run("verdicts", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", "verdicts-cmd.");
    assertEquals(0, latest.exitCode(), latest.err());
    assertTrue(latest.out().contains("0 verdicts"), "without --from-beginning it starts at the end: " + latest.out());
  }

  private static MembershipVerdict verdict(String id, double p, Boolean truth) {
    return MembershipVerdict.newBuilder().setSequenceId(id).setMemberProbability(p).setMember(p >= 0.5)
        .setThreshold(0.5).setAttackName("seqmia-mlp").setAttackMode("labelled").setAttackModelVersion("a1")
        .setTargetModelVersion("t1").setGroundTruth(truth).setDecidedAt(Instant.now()).setLatencyMs(12L).build();
  }
}
