package io.seqmia.replay;

import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Fails fast, with what to do, when the cluster is unreachable or a topic is missing. */
final class TopicCheck {

  static final long TIMEOUT_SECONDS = 30;

  private TopicCheck() {}

  static void requireTopics(ReplayConfig config, List<String> names) {
    Properties props = new Properties();
    props.putAll(config.producerOverrides());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    // Producer-only keys would only produce "unknown config" warnings in the admin client.
    props.keySet().removeIf(k -> !AdminClientConfig.configNames().contains(k.toString()));
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Set<String> missing = new HashSet<>(names);
      missing.removeAll(existing);
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Topics " + missing + " do not exist on " + config.bootstrapServers()
            + ": create them first (TopicAdmin.ensureTopics or the 'seqmia topics' command)");
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + config.bootstrapServers() + " did not answer within "
          + TIMEOUT_SECONDS + " s: check --bootstrap-server", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot list topics on " + config.bootstrapServers() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topics", e);
    }
  }
}
