package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicAdmin;
import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topics;
import io.seqmia.streams.BrokerIo.TestClick;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out (3 partitions, 2 threads vs 1 partition, 1 thread) and restart mid-stream, on the real
 * broker with exactly-once, read back read_committed.
 */
@BrokerTest
class ScaleOutAndRestartIntegrationTest {

  private static final int SESSIONS = 240;
  private static final int ITEMS = 30;
  /**
   * Event times (and record timestamps) a few hours back: the broker deletes records older than its
   * retention by timestamp, which would drop 2014-style clicks between the two halves of the restart.
   */
  private static final long T0 = (System.currentTimeMillis() - Duration.ofHours(5).toMillis()) / 60_000L * 60_000L;
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;

  /**
   * Sessions start 40 s of event time apart and last up to 5 minutes; all clicks in time order, so
   * sessions close by punctuation (gap 30 min) while later ones are still open, the rest at the flush.
   * Consecutive items always differ: every session becomes an ORIGINAL.
   */
  private static List<TestClick> clicks() {
    Random random = new Random(5);
    List<TestClick> clicks = new ArrayList<>();
    for (int s = 0; s < SESSIONS; s++) {
      int length = 2 + random.nextInt(5);
      int item = random.nextInt(ITEMS);
      for (int i = 0; i < length; i++) {
        clicks.add(new TestClick(String.format("s-%04d", s), "item-" + item, T0 + s * 40_000L + i * 60_000L));
        item = (item + 1 + random.nextInt(ITEMS - 1)) % ITEMS;
      }
    }
    clicks.sort(Comparator.comparingLong(TestClick::eventTime));
    return clicks;
  }

  private record Variant(String parent, List<String> items, int replacedPosition, String split) {}

  private static Map<String, Variant> variants(List<ClickSequence> all) {
    Map<String, Variant> variants = new HashMap<>();
    for (ClickSequence s : all) {
      if (s.getVariant() == SequenceVariant.AUGMENTED) {
        Variant v = new Variant(s.getParentSequenceId(), s.getItemIds(), s.getReplacedPosition(), s.getSplit().name());
        assertEquals(null, variants.put(s.getSequenceId(), v), "variant twice: " + s.getSequenceId());
      }
    }
    return variants;
  }

  private record Original(List<String> items, List<Long> timestamps, String split, boolean knows) {}

  private Map<String, Original> run(KafkaBroker broker, int partitions, int threads, List<ClickSequence> all)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Topics topics = Topics.withPrefix("it-scale-" + partitions + "-" + run + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, partitions, (short) 1);
    BrokerIo.produce(broker, topics, clicks());
    BrokerIo.flushMarkers(broker, topics, "run-" + run, partitions);
    StreamsAppConfig config = StreamsAppConfig.builder(broker.bootstrapServers(), topics)
        .applicationId("it-scale-" + partitions + "-" + run).stateDir(dir.resolve(run)).numStreamThreads(threads).build();
    try (StreamsApp app = StreamsApp.start(config)) {
      // SESSIONS_FLUSHED comes from the augmenter after the variants: then everything is visible.
      assertEquals(partitions, BrokerIo.awaitFlushed(broker, topics, "run-" + run, partitions, WAIT).size(),
          "SESSIONS_FLUSHED for every partition within " + WAIT);
      all.addAll(BrokerIo.readAll(broker, topics.clickSequences()));
    }
    Map<String, Original> originals = new HashMap<>();
    for (ClickSequence s : all) {
      if (s.getVariant() == SequenceVariant.ORIGINAL) {
        Original o = new Original(s.getItemIds(), s.getTimestamps(), s.getSplit().name(), s.getAttackerKnows());
        assertEquals(null, originals.put(s.getSequenceId(), o), "ORIGINAL twice: " + s.getSequenceId());
      }
    }
    return originals;
  }

  @Test
  void threePartitionsAndTwoThreadsEmitTheSameSequencesAsOnePartitionAndOneThread(KafkaBroker broker)
      throws Exception {
    List<ClickSequence> single = new ArrayList<>();
    List<ClickSequence> scaled = new ArrayList<>();
    Map<String, Original> one = run(broker, 1, 1, single);
    Map<String, Original> three = run(broker, 3, 2, scaled);
    assertEquals(SESSIONS, one.size());
    assertEquals(one, three);
    // The augmenter releases the flushed sessions in a canonical order: identical variants.
    Map<String, Variant> variantsOfOne = variants(single);
    assertEquals(variantsOfOne, variants(scaled));
    for (List<ClickSequence> out : List.of(single, scaled)) {
      Map<String, ClickSequence> originals = new HashMap<>();
      out.stream().filter(s -> s.getVariant() == SequenceVariant.ORIGINAL).forEach(s -> originals.put(s.getSequenceId(), s));
      long variants = 0;
      for (ClickSequence v : out) {
        if (v.getVariant() != SequenceVariant.AUGMENTED) {
          continue;
        }
        variants++;
        ClickSequence parent = originals.get(v.getParentSequenceId());
        assertNotNull(parent, "variant without parent: " + v.getSequenceId());
        int at = v.getReplacedPosition();
        assertEquals(parent.getItemIds().size(), v.getItemIds().size());
        for (int i = 0; i < parent.getItemIds().size(); i++) {
          if (i != at) {
            assertEquals(parent.getItemIds().get(i), v.getItemIds().get(i), v.getSequenceId() + " position " + i);
          }
        }
        assertFalse(parent.getItemIds().contains(v.getItemIds().get(at)), "replacement already in " + parent);
        assertEquals(MembershipSplitter.nonMemberOfSide(parent.getSplit()), v.getSplit());
      }
      assertTrue(variants > SESSIONS / 2, "variants: " + variants);
    }
  }

  @Test
  void aRestartMidStreamStillEmitsEverySessionExactlyOnce(KafkaBroker broker) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Topics topics = Topics.withPrefix("it-restart-" + run + ".");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    List<TestClick> clicks = clicks();
    int cut = clicks.size() * 6 / 10;
    StreamsAppConfig config = StreamsAppConfig.builder(broker.bootstrapServers(), topics)
        .applicationId("it-restart-" + run).stateDir(dir.resolve("state")).build();

    BrokerIo.produce(broker, topics, clicks.subList(0, cut));
    int emittedBeforeStop;
    try (StreamsApp app = StreamsApp.start(config)) {
      // Early sessions close by punctuation while the cut leaves later ones open.
      emittedBeforeStop = (int) BrokerIo.awaitOriginals(broker, topics, 50, WAIT).stream()
          .filter(s -> s.getVariant() == SequenceVariant.ORIGINAL).count();
    }
    assertTrue(emittedBeforeStop >= 50 && emittedBeforeStop < SESSIONS, "before the stop: " + emittedBeforeStop);

    BrokerIo.produce(broker, topics, clicks.subList(cut, clicks.size()));
    BrokerIo.flushMarkers(broker, topics, "run-" + run, 2);
    Set<Integer> flushed = new HashSet<>();
    try (StreamsApp app = StreamsApp.start(config)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (flushed.size() < 2 && System.nanoTime() < deadline) {
        for (ControlEvent e : BrokerIo.readAll(broker, topics.control())) {
          if (e.getType() == ControlType.SESSIONS_FLUSHED && e.getRunId().equals("run-" + run)) {
            flushed.add(e.getPartition());
          }
        }
        Thread.sleep(300);
      }
    }
    assertEquals(Set.of(0, 1), flushed, "both partitions flushed after the restart");
    // The flush events commit with the last sequences: everything is visible now.
    Map<String, Integer> originals = new HashMap<>();
    Map<String, List<String>> items = new HashMap<>();
    for (ClickSequence s : BrokerIo.readAll(broker, topics.clickSequences())) {
      if (s.getVariant() == SequenceVariant.ORIGINAL) {
        originals.merge(s.getSequenceId(), 1, Integer::sum);
        items.put(s.getSequenceId(), s.getItemIds());
      }
    }
    assertEquals(SESSIONS, originals.size());
    assertTrue(originals.values().stream().allMatch(n -> n == 1), "an ORIGINAL emitted twice: " + originals);
    Map<String, List<String>> expected = new HashMap<>();
    for (TestClick c : clicks) {
      expected.computeIfAbsent(c.session(), k -> new ArrayList<>()).add(c.item());
    }
    assertEquals(expected, items, "sessions spanning the restart keep all their clicks");
  }
}
