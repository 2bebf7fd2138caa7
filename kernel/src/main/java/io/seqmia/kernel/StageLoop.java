package io.seqmia.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunked consume-process-produce loop every transactional stage runs (trainer, attacker). It assigns itself
 * every partition of the input topics from the beginning (no group membership: a stage may train for an hour
 * between polls), fences earlier instances ({@code initTransactions}), then polls: each record goes to
 * {@link Stage#onRecord}, then {@link Stage#afterPoll} does the work and sends its output through
 * {@link #out()}. Output is committed in chunks: at every safe point the stage calls {@link #checkpoint()},
 * which commits when the chunk is full ({@link ChunkLimits}), and whatever is open at the end of a poll's work is
 * committed then. Each commit carries {@link Stage#offsets()}, the stage's statement of what its output so far
 * makes true, so a restart resumes exactly there. On an error, or when {@link #close()} interrupts, the open
 * transaction is aborted (its records are never read by read_committed consumers) and the loop stops.
 */
public final class StageLoop implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StageLoop.class);
  private static final Duration TOPIC_WAIT = Duration.ofMillis(500);
  /** How long {@link #close} waits for the loop to finish its batch and abort an open chunk (one timeout for every stage). */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

  /** What a stage plugs into the loop. Every method runs on the loop's thread. */
  public interface Stage {
    /** After initTransactions, before the first poll: read committed offsets, resume. */
    void start();

    /** One consumed record (any input topic). */
    void onRecord(ConsumerRecord<String, byte[]> record);

    /** After each poll's records: the stage's work; output through {@link #out()}, safe points {@link #checkpoint()}. */
    void afterPoll();

    /** The offsets (with metadata) that every record sent so far makes true; empty: commit none. */
    Map<TopicPartition, OffsetAndMetadata> offsets();

    /** After the loop stopped and the clients are closed: release the stage's resources. */
    default void stopped() {}
  }

  private final String name;
  private final Consumer<String, byte[]> consumer;
  private final Producer<String, byte[]> producer;
  private final List<String> topics;
  private final Duration pollTimeout;
  private final ChunkedTransactions out;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private Stage stage;

  private volatile long recordsIn;
  private volatile long deadLettered;
  private volatile Throwable failure;

  public StageLoop(String name, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
      ChunkLimits limits, List<String> topics, Duration pollTimeout, LongSupplier nanoClock) {
    this.name = name;
    this.consumer = consumer;
    this.producer = producer;
    this.topics = List.copyOf(topics);
    this.pollTimeout = pollTimeout;
    this.out = new ChunkedTransactions(producer, limits, consumer::groupMetadata, nanoClock);
  }

  /** Binds the stage (once, before {@link #run()}). */
  public void bind(Stage s) {
    if (stage != null) {
      throw new IllegalStateException(name + ": a stage is bound already");
    }
    stage = s;
  }

  public Consumer<String, byte[]> consumer() {
    return consumer;
  }

  public ChunkedTransactions out() {
    return out;
  }

  /** True once {@link #close()} was called: long work checks it between batches and returns. */
  public boolean closing() {
    return closing;
  }

  /**
   * Sends a record the stage could not read to the dead-letter topic, in the open transaction (so it is written
   * exactly when the offsets that pass over the bad record are committed), keyed by the topic it came from, and
   * counts it.
   */
  public void deadLetter(io.seqmia.schemas.Topic<String, io.seqmia.schemas.DeadLetter> dlq, String source,
      ConsumerRecord<String, byte[]> r, Exception e) {
    io.seqmia.schemas.DeadLetter letter = io.seqmia.schemas.DeadLetters.of(source, r.topic(), r.partition(),
        r.offset(), r.value(), e.toString());
    out.send(dlq.name(), r.topic(), dlq.valueSerde().serializer().serialize(dlq.name(), letter));
    deadLettered++;
  }

  /** Records sent to the dead-letter topic by this loop (committed or not). */
  public long deadLettered() {
    return deadLettered;
  }

  /** A safe point: commits the open chunk with the stage's offsets if it is full; returns whether it did. */
  public boolean checkpoint() {
    return out.commitIfFull(stage::offsets);
  }

  /** Commits the open chunk now (nothing if none is open). */
  public void commit() {
    out.commit(stage.offsets());
  }

  /**
   * Sends {@code items} in batches: each at most {@code maxBatch} items and at most the room left in the open
   * chunk (a strict record bound when each item gives at most one record), with a safe point after each batch.
   * Stops early when the loop is closing; returns the items handed to {@code batch}.
   */
  public <T> int inBatches(List<T> items, int maxBatch, java.util.function.Consumer<List<T>> batch) {
    int from = 0;
    while (from < items.size() && !closing) {
      int room = out.room();
      if (room == 0) {
        commit(); // a chunk filled by records sent outside this method
        continue;
      }
      int to = Math.min(items.size(), from + Math.min(maxBatch, room));
      batch.accept(items.subList(from, to));
      from = to;
      checkpoint();
    }
    return from;
  }

  @Override
  public void run() {
    if (stage == null) {
      throw new IllegalStateException(name + ": no stage bound");
    }
    if (!started.compareAndSet(false, true)) {
      if (closing) {
        return;
      }
      throw new IllegalStateException(name + " is already running");
    }
    try {
      if (closing || !assignAll()) {
        return;
      }
      out.init();
      stage.start();
      while (!closing) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
          stage.onRecord(r);
          recordsIn++;
        }
        stage.afterPoll();
        if (closing) {
          break; // interrupted work: the open chunk is aborted below and redone after a restart
        }
        commit();
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("{} failed", name, e);
      failure = e;
      throw e;
    } finally {
      out.abort();
      closeClients();
      try {
        stage.stopped();
      } finally {
        stopped.countDown();
      }
    }
  }

  private boolean assignAll() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = waitForTopic(topic);
      if (infos == null) {
        return false;
      }
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    LOG.info("{} reading {} partitions of {}", name, partitions.size(), topics);
    return true;
  }

  private List<PartitionInfo> waitForTopic(String topic) {
    boolean warned = false;
    while (!closing) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos != null && !infos.isEmpty()) {
        return infos;
      }
      if (!warned) {
        LOG.warn("{}: topic {} does not exist yet; waiting for it (create the topics first)", name, topic);
        warned = true;
      }
      try {
        Thread.sleep(TOPIC_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** What ended the loop with an error, or null (still running, or stopped by {@link #close}). */
  public Throwable failure() {
    return failure;
  }

  /**
   * What /health says of a stage on this loop: down, FAILED with the error, once the loop ended on one; down,
   * STOPPED, once it was closed; else up, in the stage's own {@code state}. {@code error} is the stage's latest
   * error that did not end the loop, or null.
   */
  public ServiceEndpoints.Health health(String state, String error) {
    Throwable f = failure;
    if (f != null) {
      return new ServiceEndpoints.Health(false, "FAILED", String.valueOf(f.getMessage()));
    }
    return stopped() ? new ServiceEndpoints.Health(false, "STOPPED", error)
        : new ServiceEndpoints.Health(true, state, error);
  }

  /** True once the loop has ended, for any reason. */
  public boolean stopped() {
    return stopped.getCount() == 0;
  }

  /**
   * Binds the loop's meters: its consumer's and producer's own Kafka metrics (lag, fetch and send rates, ...), and
   * {@code seqmia.records.in} (records polled), {@code seqmia.records.out} and {@code seqmia.transactions}
   * (committed), {@code seqmia.transaction.largest} (records).
   */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer).bindTo(registry);
    new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(producer).bindTo(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("seqmia.records.in", this, l -> l.recordsIn)
        .description("records polled").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("seqmia.dead.letters", this, l -> l.deadLettered)
        .description("unreadable input records sent to the dead-letter topic").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("seqmia.records.out", out, o -> o.committedRecords())
        .description("records in committed transactions").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("seqmia.transactions", out, o -> o.transactions())
        .description("committed transactions").register(registry);
    io.micrometer.core.instrument.Gauge.builder("seqmia.transaction.largest", out, o -> o.largestTransaction())
        .description("records in the largest transaction so far").register(registry);
  }

  /** Stops the loop (aborting an open chunk) and waits for it; closes the clients when it never ran. */
  @Override
  public void close() {
    closing = true;
    if (started.compareAndSet(false, true)) {
      closeClients();
      if (stage != null) {
        stage.stopped();
      }
      stopped.countDown();
      return;
    }
    consumer.wakeup();
    try {
      if (!stopped.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} did not stop within {} s", name, CLOSE_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeClients() {
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("{}: closing the consumer: {}", name, e.toString());
    }
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.warn("{}: closing the producer: {}", name, e.toString());
    }
  }
}
