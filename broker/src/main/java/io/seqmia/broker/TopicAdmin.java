package io.seqmia.broker;

import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates seqmia's topics on any cluster, idempotently. */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  /** How long a new topic may take until every partition has a leader. */
  static final Duration LEADER_WAIT = Duration.ofSeconds(60);
  /**
   * How long a command waits for the cluster to answer at all before it stops with a message: short, so that a
   * wrong address is said within seconds instead of after the clients' 60 s timeout.
   */
  public static final Duration REACH_TIMEOUT = Duration.ofSeconds(8);

  private TopicAdmin() {}

  /**
   * Returns once every partition of the topics has a leader that the broker reports. Producing into a
   * topic whose leader is not ready yet makes an idempotent producer retry into
   * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (seen with Kafka 4.2 right after creation).
   */
  static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
    while (true) {
      try {
        if (leadersServe(admin, names)) {
          return;
        }
      } catch (ExecutionException e) {
        // Right after creation a loaded broker may still answer UNKNOWN_TOPIC_OR_PARTITION: retriable.
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Topics " + names + " have partitions without a leader after " + LEADER_WAIT);
      }
      Thread.sleep(100);
    }
  }

  /**
   * True when every partition has a leader and that leader serves it. The metadata cache names a leader a
   * moment before the leader's replica manager serves the partition; ListOffsets is answered by the
   * replica manager, so its success means producers will be accepted.
   */
  private static boolean leadersServe(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
    Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
    boolean named = described.values().stream()
        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    if (!named) {
      return false;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    described.values().forEach(d -> d.partitions().forEach(
        p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    admin.listOffsets(latest).all().get();
    return true;
  }


  private static final String RETENTION_MS = "retention.ms";
  /**
   * Topics created with unlimited retention: {@code control} and {@code attack-reports} are the audit's
   * record; {@code clicks} because replayed clicks carry their event time as record timestamp (2014 for
   * YooChoose), and time-based retention goes by record timestamps: with the broker default of 7 days,
   * the broker deleted a replayed file at its next retention check, about 30 s after start-up, before
   * the streams-app had read it (the streams-app then resumed at the new log start, past the flush).
   */
  static final Set<String> KEPT_FOREVER = Set.of(Topics.CONTROL, Topics.ATTACK_REPORTS, Topics.CLICKS);

  /** A clicks topic made elsewhere (compose, an operator) may have finite retention: say what that costs. */
  private static void warnIfClicksExpire(Admin admin, String clicks) throws InterruptedException {
    try {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, clicks);
      ConfigEntry retention = admin.describeConfigs(List.of(resource)).all().get().get(resource).get(RETENTION_MS);
      if (retention != null && !"-1".equals(retention.value())) {
        LOG.warn("Topic {} has {}={}: the broker deletes replayed clicks whose event time is older than that "
            + "(record timestamps are event times), possibly before the streams-app reads them. Set {}=-1 on it, "
            + "or replay only recent data.", clicks, RETENTION_MS, retention.value(), RETENTION_MS);
      }
    } catch (ExecutionException e) {
      LOG.warn("Could not read the retention of topic {}: {}", clicks, e.getCause().getMessage());
    }
  }

  /**
   * Creates every topic of the registry that does not exist yet.
   *
   * @param partitions partitions of the data topics; {@code control} always has one so its events stay
   *     in order
   * @param replicationFactor 1 for a single broker
   */
  public static void ensureTopics(String bootstrapServers, Topics topics, int partitions, short replicationFactor) {
    ensureTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics, partitions,
        replicationFactor);
  }

  /**
   * {@link #ensureTopics(String, Topics, int, short)} on a cluster that needs client settings (security, ...).
   *
   * @param client Kafka client settings, bootstrap.servers included
   */
  public static void ensureTopics(Map<String, String> client, Topics topics, int partitions, short replicationFactor) {
    Properties props = adminProperties(client);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = reachable(admin, client);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<String, ?> topic : topics.all()) {
        if (existing.contains(topic.name())) {
          continue;
        }
        int n = topic.name().equals(topics.control().name()) ? 1 : partitions;
        NewTopic newTopic = new NewTopic(topic.name(), n, replicationFactor);
        if (KEPT_FOREVER.contains(topic.name().substring(topics.prefix().length()))) {
          newTopic.configs(Map.of(RETENTION_MS, "-1"));
        }
        missing.add(newTopic);
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      awaitLeaders(admin, topics.all().stream().map(Topic::name).toList());
      warnIfClicksExpire(admin, topics.clicks().name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Could not create topics on " + client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** The cluster's topics, or a message that says the cluster did not answer within {@link #REACH_TIMEOUT}. */
  private static Set<String> reachable(Admin admin, Map<String, String> client) throws InterruptedException,
      ExecutionException {
    try {
      return admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
          .timeoutMs((int) REACH_TIMEOUT.toMillis())).names().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new IllegalArgumentException("the Kafka cluster at " + client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
            + " did not answer within " + REACH_TIMEOUT.toSeconds() + " s: check --bootstrap-server (or"
            + " SEQMIA_BOOTSTRAP_SERVER, bootstrap.servers), that the brokers are up, and the kafka.* security"
            + " settings", e.getCause());
      }
      throw e;
    }
  }

  /** The client settings an admin client understands (producer- or consumer-only keys would only log warnings). */
  static Properties adminProperties(Map<String, String> client) {
    Properties props = new Properties();
    client.forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        props.put(k, v);
      }
    });
    return props;
  }
}
