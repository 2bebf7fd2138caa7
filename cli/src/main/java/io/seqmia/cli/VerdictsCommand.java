package io.seqmia.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.Topic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqmia verdicts}: prints membership verdicts as a table or JSON lines, then a summary.
 * Like Kafka's console consumer it starts at the end unless {@code --from-beginning}; without
 * {@code --follow} it stops once it has caught up.
 */
@Command(name = "verdicts", mixinStandardHelpOptions = true,
    description = "Print membership verdicts (table or JSON lines) and a summary.")
final class VerdictsCommand implements Callable<Integer> {

  static final String ROW = "%-28s %10s  %-10s %-12s %10s%n";
  static final Duration POLL = Duration.ofMillis(300);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--follow", description = "Keep printing new verdicts until Ctrl-C.")
  boolean follow;

  @Option(names = "--from-beginning", description = "Start with the oldest verdict, not at the end.")
  boolean fromBeginning;

  @Option(names = "--json", description = "One JSON object per line instead of a table.")
  boolean json;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Topic<String, MembershipVerdict> topic = kafka.topics().membershipVerdicts();
    VerdictSummary summary = new VerdictSummary();
    CountDownLatch done = new CountDownLatch(1);
    try (KafkaConsumer<String, MembershipVerdict> consumer = consumer(topic)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalArgumentException("topic " + topic.name() + " does not exist on " + kafka.bootstrapServer()
            + " (check --bootstrap-server and --topic-prefix)");
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Thread hook = new Thread(() -> {
        consumer.wakeup();
        awaitQuietly(done);
      }, "verdicts-shutdown");
      if (follow) {
        Runtime.getRuntime().addShutdownHook(hook);
      }
      if (!json) {
        out.printf(ROW, "sequence", "P(member)", "decision", "ground truth", "latency");
      }
      try {
        while (follow || partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (ConsumerRecord<String, MembershipVerdict> r : consumer.poll(POLL)) {
            if (r.value() != null) {
              print(out, r.value());
              summary.add(r.value());
            }
          }
          out.flush();
        }
      } catch (WakeupException stopping) {
        // Ctrl-C with --follow: fall through to the summary
      }
      out.println(json ? summary.toJson(mapper) : summary.toText());
      out.flush();
      done.countDown();
      if (follow) {
        removeHook(hook);
      }
    }
    return 0;
  }

  private void print(PrintWriter out, MembershipVerdict v) throws JsonProcessingException {
    if (json) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("sequenceId", v.getSequenceId());
      row.put("memberProbability", v.getMemberProbability());
      row.put("member", v.getMember());
      row.put("threshold", v.getThreshold());
      row.put("groundTruth", v.getGroundTruth());
      row.put("variant", v.getVariant() == null ? null : v.getVariant().name());
      row.put("attack", v.getAttackName() + "/" + v.getAttackMode());
      row.put("targetModelVersion", v.getTargetModelVersion());
      row.put("decidedAt", v.getDecidedAt().toString());
      row.put("latencyMs", v.getLatencyMs());
      out.println(mapper.writeValueAsString(row));
    } else {
      out.printf(ROW, v.getSequenceId(), String.format("%.3f", v.getMemberProbability()),
          v.getMember() ? "member" : "non-member",
          v.getGroundTruth() == null ? "unknown" : v.getGroundTruth() ? "member" : "non-member",
          v.getLatencyMs() == null ? "-" : v.getLatencyMs() + " ms");
    }
  }

  private KafkaConsumer<String, MembershipVerdict> consumer(Topic<String, MembershipVerdict> topic) {
    java.util.Properties props = new java.util.Properties();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "seqmia-verdicts-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(kafka.client().applyTo(props), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the JVM is exiting: the hook is running
    }
  }
}
