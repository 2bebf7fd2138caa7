package io.seqmia.kernel;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed records still wait for their output, per partition, so that a chunk commits an offset only below
 * the first record whose output is not yet sent. Records of one partition are added and completed in offset
 * order (the order a consumer returns them).
 */
public final class OffsetFrontier {

  private final Map<TopicPartition, ArrayDeque<Long>> waiting = new HashMap<>();

  /** A record whose output is still to be sent. */
  public void add(TopicPartition partition, long offset) {
    waiting.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(offset);
  }

  /** The record's output is sent (in the open transaction). */
  public void complete(TopicPartition partition, long offset) {
    ArrayDeque<Long> q = waiting.get(partition);
    if (q == null || q.isEmpty() || q.peekFirst() != offset) {
      throw new IllegalStateException("record " + partition + "@" + offset + " completed out of order; waiting: " + q);
    }
    q.removeFirst();
  }

  /** The offset to commit on the partition: the first record still waiting, else the consumer's position. */
  public long commitOffset(TopicPartition partition, long position) {
    ArrayDeque<Long> q = waiting.get(partition);
    return q == null || q.isEmpty() ? position : Math.min(position, q.peekFirst());
  }

  public boolean isEmpty() {
    return waiting.values().stream().allMatch(ArrayDeque::isEmpty);
  }
}
