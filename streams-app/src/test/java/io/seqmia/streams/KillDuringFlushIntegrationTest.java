package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topics;
import io.seqmia.streams.BrokerIo.TestClick;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams-app in a process of its own, killed with -9 twice: in the middle of a flush of a large
 * backlog (every session still open, chunk.records small), and in the middle of the augmenter's release.
 * Restarted on the same state dir each time, it must emit every session exactly once and the same
 * variants as an uninterrupted run, read back read_committed.
 */
@BrokerTest
class KillDuringFlushIntegrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(KillDuringFlushIntegrationTest.class);
  private static final int SESSIONS = 3000;
  private static final int ITEMS = 60;
  private static final int PARTITIONS = 2;
  private static final int CHUNK = 20;
  /** Recent event times (broker retention goes by timestamp), all within minutes: nothing closes by time. */
  private static final long T0 = (System.currentTimeMillis() - Duration.ofHours(2).toMillis()) / 60_000L * 60_000L;
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  private static List<TestClick> clicks() {
    Random random = new Random(11);
    List<TestClick> clicks = new ArrayList<>();
    for (int s = 0; s < SESSIONS; s++) {
      int length = 2 + random.nextInt(3);
      int item = random.nextInt(ITEMS);
      long start = T0 + random.nextInt(300_000);
      for (int i = 0; i < length; i++) {
        clicks.add(new TestClick(String.format("k-%05d", s), "item-" + item, start + i * 1000L));
        item = (item + 1 + random.nextInt(ITEMS - 1)) % ITEMS; // never a repeat: every session is emitted
      }
    }
    return clicks;
  }

  @Test
  void killedWithMinus9MidFlushAndMidReleaseItLosesNothingAndDoublesNothing(KafkaBroker broker) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "it-kill-" + run + ".";
    Topics topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, PARTITIONS, (short) 1);
    List<TestClick> clicks = clicks();
    BrokerIo.produce(broker, topics, clicks);
    BrokerIo.flushMarkers(broker, topics, "run-" + run, PARTITIONS);
    var config = StreamsAppProcess.config(broker.bootstrapServers(), topics, prefix, "it-kill-" + run,
        dir.resolve("state"), CHUNK);

    Process first = StreamsAppProcess.launch(config, dir.resolve("first.log"));
    long originalsAtKill = killWhen(first, broker, topics, all -> count(all, SequenceVariant.ORIGINAL) > 0,
        dir.resolve("first.log"));
    assertTrue(originalsAtKill < SESSIONS, "killed in the middle of the flush: " + originalsAtKill + " emitted");

    Process second = StreamsAppProcess.launch(config, dir.resolve("second.log"));
    long variantsAtKill = killWhen(second, broker, topics, all -> count(all, SequenceVariant.AUGMENTED) > 0,
        dir.resolve("second.log"));
    LOG.info("killed -9 with {} sequences committed (mid-flush), then with {} (mid-release)", originalsAtKill,
        variantsAtKill);

    Process third = StreamsAppProcess.launch(config, dir.resolve("third.log"));
    try {
      assertEquals(PARTITIONS, BrokerIo.awaitFlushed(broker, topics, "run-" + run, PARTITIONS, WAIT).size(),
          "SESSIONS_FLUSHED for every partition after the restarts; log: " + dir.resolve("third.log"));
    } finally {
      StreamsAppProcess.kill(third);
    }
    List<ClickSequence> all = BrokerIo.readAll(broker, topics.clickSequences());
    Map<String, Integer> times = new HashMap<>();
    all.forEach(s -> times.merge(s.getSequenceId(), 1, Integer::sum));
    assertTrue(times.values().stream().allMatch(n -> n == 1), "a sequence emitted twice");
    assertEquals(SESSIONS, count(all, SequenceVariant.ORIGINAL), "every session once");
    assertEquals(byId(uninterrupted(clicks)), byId(all), "the same sequences and variants as without a kill");
  }

  /** Polls the committed sequences until {@code when} holds, then kills; returns the committed count then. */
  private static long killWhen(Process process, KafkaBroker broker, Topics topics,
      Predicate<List<ClickSequence>> when, Path log) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        assertTrue(process.isAlive(), "the streams-app process died by itself: " + tail(log));
        List<ClickSequence> all = BrokerIo.readAll(broker, topics.clickSequences());
        if (when.test(all)) {
          StreamsAppProcess.kill(process);
          return all.size();
        }
        Thread.sleep(100);
      }
    } finally {
      if (process.isAlive()) {
        StreamsAppProcess.kill(process);
      }
    }
    throw new AssertionError("condition not reached within " + WAIT + "; log: " + tail(log));
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static long count(List<ClickSequence> all, SequenceVariant variant) {
    return all.stream().filter(s -> s.getVariant() == variant).count();
  }

  private static Map<String, List<String>> byId(List<ClickSequence> all) {
    Map<String, List<String>> byId = new HashMap<>();
    all.forEach(s -> byId.put(s.getSequenceId(), s.getItemIds()));
    return byId;
  }

  /** The same clicks through the same topology in one uninterrupted TopologyTestDriver run. */
  private List<ClickSequence> uninterrupted(List<TestClick> clicks) throws Exception {
    try (TopologyFixture f = new TopologyFixture(dir.resolve("reference"), b -> b, true)) {
      for (TestClick c : clicks) {
        var click = io.seqmia.schemas.Click.newBuilder().setSessionId(c.session()).setItemId(c.item())
            .setEventTime(java.time.Instant.ofEpochMilli(c.eventTime())).build();
        f.clicks.pipeInput(new TestRecord<>(c.session(), io.seqmia.schemas.Records.CLICK.encode(click),
            new RecordHeaders(), java.time.Instant.ofEpochMilli(c.eventTime())));
      }
      f.flush("reference", T0 + 400_000);
      return f.readSequences();
    }
  }
}
