package io.seqmia.attacker;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What an earlier instance committed under the group id (its offsets per partition), and where both topics ended
 * when this instance started: no attack runs before the re-read gets there.
 */
final class RestartPoint {

  /** Before the consumer was assigned its partitions: nothing committed, nothing to catch up with. */
  static final RestartPoint NONE = new RestartPoint(null, Map.of());

  /** What was committed before this instance started (null: nothing). */
  private final VerdictOffsets committed;
  private final Map<TopicPartition, Long> floor;
  private final Map<TopicPartition, Long> catchUpTo;

  private RestartPoint(VerdictOffsets committed, Map<TopicPartition, Long> catchUpTo) {
    this.committed = committed;
    this.floor = committed == null ? Map.of() : committed.offsets();
    this.catchUpTo = catchUpTo;
  }

  /** Reads the end offsets, then the committed offsets, of every partition assigned to the consumer. */
  static RestartPoint read(Consumer<?, ?> consumer) {
    Set<TopicPartition> partitions = consumer.assignment();
    Map<TopicPartition, Long> catchUpTo = consumer.endOffsets(partitions);
    return new RestartPoint(VerdictOffsets.of(consumer.committed(partitions)), catchUpTo);
  }

  /** What was committed before this instance started, or null. */
  VerdictOffsets committed() {
    return committed;
  }

  /** The offset committed on that partition before this instance started (0: none). */
  long floor(TopicPartition partition) {
    return floor.getOrDefault(partition, 0L);
  }

  /** Whether a record at that offset lies below the committed one: it was acted on before the restart. */
  boolean below(TopicPartition partition, long offset) {
    return offset < floor(partition);
  }

  /** Whether the re-read has reached where both topics ended at start (called after a poll). */
  boolean caughtUp(Consumer<?, ?> consumer) {
    for (Map.Entry<TopicPartition, Long> e : catchUpTo.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code run}'s verdict for that vector was committed before this instance started. */
  boolean verdictCommitted(AttackRun run, HeldVectors.Held h) {
    return committed != null && run.attackModelVersion().equals(committed.attackModelVersion())
        && below(h.partition(), h.offset())
        && committed.progress().covers(VerdictOffsets.PHASE, h.sequenceId(), VerdictOffsets.PHASES);
  }

  /** Whether {@code run} is the committed attack and its whole output (verdicts, report) was committed. */
  boolean finished(AttackRun run) {
    return committed != null && run.attackModelVersion().equals(committed.attackModelVersion())
        && committed.progress().done();
  }
}
