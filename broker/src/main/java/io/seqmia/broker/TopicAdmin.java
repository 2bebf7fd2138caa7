package io.seqmia.broker;

import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates seqmia's topics on any cluster, idempotently. */
public final class TopicAdmin {

  private TopicAdmin() {}

  /**
   * Creates every topic of the registry that does not exist yet.
   *
   * @param partitions partitions of the data topics; {@code control} always has one so its events stay
   *     in order
   * @param replicationFactor 1 for a single broker
   */
  public static void ensureTopics(String bootstrapServers, Topics topics, int partitions, short replicationFactor) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<String, ?> topic : topics.all()) {
        if (existing.contains(topic.name())) {
          continue;
        }
        int n = topic.name().equals(topics.control().name()) ? 1 : partitions;
        NewTopic newTopic = new NewTopic(topic.name(), n, replicationFactor);
        if (topic.name().equals(topics.control().name()) || topic.name().equals(topics.attackReports().name())) {
          newTopic.configs(Map.of("retention.ms", "-1"));
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Could not create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
    }
  }
}
