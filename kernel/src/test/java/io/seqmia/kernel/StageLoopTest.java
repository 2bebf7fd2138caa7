package io.seqmia.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The loop on Kafka's mock clients: chunk boundaries, the offsets each chunk commits, aborts. */
class StageLoopTest {

  private static final String IN = "in";
  private static final String OUT = "out";
  private static final TopicPartition P0 = new TopicPartition(IN, 0);

  /** Echoes every input record to OUT, one output record each, committing the frontier as offset. */
  private static final class Echo implements StageLoop.Stage {
    final StageLoop loop;
    final OffsetFrontier frontier = new OffsetFrontier();
    final List<ConsumerRecord<String, byte[]>> waiting = new ArrayList<>();
    final int maxBatch;
    Runnable perBatch = () -> { };
    RuntimeException failAfterFirstBatch;
    boolean started;
    boolean stopped;

    Echo(StageLoop loop, int maxBatch) {
      this.loop = loop;
      this.maxBatch = maxBatch;
      loop.bind(this);
    }

    @Override
    public void start() {
      started = true;
    }

    @Override
    public void onRecord(ConsumerRecord<String, byte[]> r) {
      waiting.add(r);
      frontier.add(new TopicPartition(r.topic(), r.partition()), r.offset());
    }

    @Override
    public void afterPoll() {
      List<ConsumerRecord<String, byte[]>> todo = new ArrayList<>(waiting);
      waiting.clear();
      loop.inBatches(todo, maxBatch, batch -> {
        for (ConsumerRecord<String, byte[]> r : batch) {
          loop.out().send(OUT, r.key(), r.value());
          frontier.complete(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        perBatch.run();
        if (failAfterFirstBatch != null) {
          throw failAfterFirstBatch;
        }
      });
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> offsets() {
      long at = frontier.commitOffset(P0, loop.consumer().position(P0));
      return Map.of(P0, new OffsetAndMetadata(at, "echo;through=" + at));
    }

    @Override
    public void stopped() {
      stopped = true;
    }
  }

  private static MockConsumer<String, byte[]> consumer(int records) {
    MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
    c.updatePartitions(IN, List.of(new PartitionInfo(IN, 0, null, null, null)));
    c.updateBeginningOffsets(Map.of(P0, 0L));
    c.schedulePollTask(() -> {
      for (int i = 0; i < records; i++) {
        c.addRecord(new ConsumerRecord<>(IN, 0, i, "k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)));
      }
    });
    return c;
  }

  private static MockProducer<String, byte[]> producer() {
    return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  }

  /** Runs the loop until {@code done} holds, then closes it from this thread. */
  private static void runUntil(StageLoop loop, java.util.function.BooleanSupplier done) throws Exception {
    Thread t = new Thread(loop, "stage-loop-test");
    t.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean() && t.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    loop.close();
    t.join(10_000);
    assertFalse(t.isAlive(), "the loop stops on close()");
  }

  @Test
  void commitsInChunksBoundedByRecordsWithTheOffsetsEachChunkMakesTrue() throws Exception {
    MockConsumer<String, byte[]> consumer = consumer(20);
    MockProducer<String, byte[]> producer = producer();
    StageLoop loop = new StageLoop("echo", consumer, producer, new ChunkLimits(7, Duration.ofMinutes(1)), List.of(IN),
        Duration.ofMillis(10), System::nanoTime);
    Echo echo = new Echo(loop, 100);
    runUntil(loop, () -> loop.out().committed(OUT) >= 20);

    assertTrue(echo.started && echo.stopped);
    assertEquals(List.of(7, 7, 6), loop.out().recentSizes(), "20 records in chunks of at most 7");
    assertEquals(7, loop.out().largestTransaction());
    assertEquals(3, loop.out().transactions());
    assertEquals(3, producer.commitCount());
    List<Long> committedOffsets = new ArrayList<>();
    for (Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup : producer.consumerGroupOffsetsHistory()) {
      OffsetAndMetadata om = byGroup.values().iterator().next().get(P0);
      committedOffsets.add(om.offset());
      assertEquals("echo;through=" + om.offset(), om.metadata());
    }
    assertEquals(List.of(7L, 14L, 20L), committedOffsets, "each chunk commits just past the last record it covers");
    List<String> keys = producer.history().stream().map(ProducerRecord::key).toList();
    assertEquals(20, keys.size());
    assertEquals(20, keys.stream().distinct().count(), "every input once");
  }

  @Test
  void commitsAtTheFirstSafePointAfterTheChunkTime() throws Exception {
    AtomicLong clock = new AtomicLong();
    MockConsumer<String, byte[]> consumer = consumer(12);
    MockProducer<String, byte[]> producer = producer();
    StageLoop loop = new StageLoop("echo", consumer, producer, new ChunkLimits(1000, Duration.ofMillis(10)),
        List.of(IN), Duration.ofMillis(10), clock::get);
    Echo echo = new Echo(loop, 2);
    echo.perBatch = () -> clock.addAndGet(Duration.ofMillis(4).toNanos()); // each batch of 2 takes 4 ms
    runUntil(loop, () -> loop.out().committed(OUT) >= 12);
    // 4, 8, 12 ms: the third batch passes 10 ms, so every chunk holds 3 batches of 2
    assertEquals(List.of(6, 6), loop.out().recentSizes());
  }

  @Test
  void anErrorAbortsTheOpenChunkAndStopsTheLoop() throws Exception {
    MockConsumer<String, byte[]> consumer = consumer(10);
    MockProducer<String, byte[]> producer = producer();
    StageLoop loop = new StageLoop("echo", consumer, producer, new ChunkLimits(4, Duration.ofMinutes(1)), List.of(IN),
        Duration.ofMillis(10), System::nanoTime);
    Echo echo = new Echo(loop, 3);
    echo.failAfterFirstBatch = new IllegalStateException("boom");
    IllegalStateException e = assertThrows(IllegalStateException.class, loop::run);
    assertEquals("boom", e.getMessage());
    assertTrue(producer.transactionAborted(), "the open chunk is aborted");
    assertEquals(0, producer.commitCount());
    assertTrue(producer.history().isEmpty(), "nothing committed");
    assertTrue(echo.stopped);
  }

  @Test
  void aFailedSendFailsTheCommit() {
    MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
        new ByteArraySerializer());
    producer.initTransactions();
    ChunkedTransactions out = new ChunkedTransactions(producer, new ChunkLimits(10, Duration.ofSeconds(1)),
        () -> null, System::nanoTime);
    out.send(OUT, "a", new byte[0]);
    producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("no broker"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> out.commit(Map.of()));
    assertTrue(e.getMessage().contains("no broker"), e.getMessage());
    out.abort();
    assertTrue(producer.transactionAborted());
    assertEquals(0, out.committed(OUT));
  }
}
