package io.seqmia.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional producer cut into chunks: {@link #send} opens a transaction when none is open, and a
 * transaction is committed (with the consumer offsets that make what it holds true) when the caller reaches a
 * safe point and the chunk is full by {@link ChunkLimits}. It counts the records of every committed transaction,
 * per topic, so a stage reports only what is committed and a test can see how large each transaction was.
 * Not thread-safe: one stage thread sends and commits.
 */
public final class ChunkedTransactions {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkedTransactions.class);
  /** The sizes of the most recent committed transactions kept for {@link #recentSizes()}. */
  static final int RECENT = 10_000;

  private final Producer<String, byte[]> producer;
  private final ChunkLimits limits;
  private final Supplier<ConsumerGroupMetadata> group;
  private final LongSupplier nanoClock;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Map<String, Long> openByTopic = new HashMap<>();
  private final Map<String, AtomicLong> committedByTopic = new ConcurrentHashMap<>();
  private final List<Integer> recent = new ArrayList<>();
  private boolean open;
  private int records;
  private long openedAt;
  private volatile long transactions;
  private volatile int largest;
  private volatile Listener listener = new Listener() { };

  /** Sees every send and commit on the stage thread: for metrics, and for tests that stop a stage at a chosen point. */
  public interface Listener {
    /** After a record went into the open transaction, with the transaction's record count so far. */
    default void sent(String topic, int recordsInTransaction) {}

    /** After a transaction committed, with its record count. */
    default void committed(int records) {}
  }

  public void listener(Listener l) {
    listener = l;
  }

  public ChunkedTransactions(Producer<String, byte[]> producer, ChunkLimits limits,
      Supplier<ConsumerGroupMetadata> group, LongSupplier nanoClock) {
    this.producer = producer;
    this.limits = limits;
    this.group = group;
    this.nanoClock = nanoClock;
  }

  /** Fences an earlier producer with the same transactional id and aborts what it left open. */
  public void init() {
    producer.initTransactions();
  }

  public ChunkLimits limits() {
    return limits;
  }

  /** Sends one record inside the open transaction, opening one if needed. A failed send fails the next commit. */
  public void send(String topic, String key, byte[] value) {
    if (!open) {
      producer.beginTransaction();
      open = true;
      records = 0;
      openedAt = nanoClock.getAsLong();
    }
    producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    });
    records++;
    openByTopic.merge(topic, 1L, Long::sum);
    listener.sent(topic, records);
  }

  public boolean inTransaction() {
    return open;
  }

  /** Records the open transaction may still take; the full limit when none is open. */
  public int room() {
    return open ? Math.max(0, limits.records() - records) : limits.records();
  }

  /** Whether the open transaction has reached the record limit or its time. */
  public boolean full() {
    return open && (records >= limits.records() || nanoClock.getAsLong() - openedAt >= limits.time().toNanos());
  }

  /** At a safe point: commits with {@code offsets} when the chunk is full; returns whether it committed. */
  public boolean commitIfFull(Supplier<Map<TopicPartition, OffsetAndMetadata>> offsets) {
    if (!full()) {
      return false;
    }
    commit(offsets.get());
    return true;
  }

  /**
   * Commits the open transaction (nothing when none is open) together with {@code offsets} (none when empty or
   * null), after every record is acknowledged. Returns how many records it committed.
   *
   * @throws IllegalStateException when a record could not be sent: nothing is committed, the caller aborts
   */
  public int commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (!open) {
      return 0;
    }
    producer.flush();
    Exception error = failure.getAndSet(null);
    if (error != null) {
      throw new IllegalStateException("a record of the open transaction could not be sent: " + error.getMessage(),
          error);
    }
    if (offsets != null && !offsets.isEmpty()) {
      producer.sendOffsetsToTransaction(offsets, group.get());
    }
    producer.commitTransaction();
    open = false;
    int n = records;
    openByTopic.forEach((topic, count) -> committedByTopic.computeIfAbsent(topic, t -> new AtomicLong())
        .addAndGet(count));
    openByTopic.clear();
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.remove(0);
      }
      recent.add(n);
    }
    largest = Math.max(largest, n);
    transactions++;
    listener.committed(n);
    return n;
  }

  /** Aborts the open transaction, if any: its records are never seen by read_committed readers. */
  public void abort() {
    if (!open) {
      return;
    }
    open = false;
    openByTopic.clear();
    failure.set(null);
    try {
      producer.abortTransaction();
      LOG.info("aborted the open transaction ({} records); they are redone on the next start", records);
    } catch (RuntimeException e) {
      LOG.warn("could not abort the open transaction: {}", e.getMessage());
    }
  }

  /** Records of {@code topic} in committed transactions. */
  public long committed(String topic) {
    AtomicLong n = committedByTopic.get(topic);
    return n == null ? 0 : n.get();
  }

  /** Records in committed transactions, every topic. */
  public long committedRecords() {
    long n = 0;
    for (AtomicLong c : committedByTopic.values()) {
      n += c.get();
    }
    return n;
  }

  /** Transactions committed so far. */
  public long transactions() {
    return transactions;
  }

  /** Records in the largest committed transaction. */
  public int largestTransaction() {
    return largest;
  }

  /** Record counts of the most recent committed transactions (at most {@value #RECENT}), oldest first. */
  public List<Integer> recentSizes() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }
}
