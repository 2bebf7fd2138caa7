package io.seqmia.kernel;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client settings every transactional stage shares. */
public final class KafkaDefaults {

  /**
   * {@code transaction.timeout.ms}: a transaction holds one chunk ({@link ChunkLimits}), never a whole run, so 5
   * minutes leaves a wide margin over {@link ChunkLimits#MAX_TIME} and stays under the broker's default
   * {@code transaction.max.timeout.ms} (15 minutes).
   */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);
  /**
   * {@code max.poll.interval.ms}: a stage trains a model between two polls (minutes to hours on a CPU on the full
   * file). The stages assign their partitions (no group membership), so this only matters if that changes; it is
   * set high so that it would not evict them.
   */
  public static final Duration MAX_POLL_INTERVAL = Duration.ofHours(6);
  /** Suffix of the group id that makes the producer's transactional id. */
  public static final String TRANSACTIONAL_ID_SUFFIX = "-tx";

  private KafkaDefaults() {}

  /** {@link #consumer(String, String)} with the cluster's client settings (security, ...) over the defaults. */
  public static Properties consumer(ClientSettings client, String groupId) {
    return client.applyTo(consumer(client.bootstrapServers(), groupId));
  }

  /** {@link #transactionalProducer(String, String)} with the cluster's client settings over the defaults. */
  public static Properties transactionalProducer(ClientSettings client, String groupId) {
    return client.applyTo(transactionalProducer(client.bootstrapServers(), groupId));
  }

  /** A read_committed consumer of string keys and byte values, without auto-commit, under {@code groupId}. */
  public static Properties consumer(String bootstrapServers, String groupId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-consumer");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** An idempotent transactional producer, transactional id {@code <groupId>-tx}. */
  public static Properties transactionalProducer(String bootstrapServers, String groupId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + TRANSACTIONAL_ID_SUFFIX);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
