package io.seqmia.replay;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Fails fast, with what to do, when the cluster is unreachable or a topic is missing. */
public final class TopicCheck {

  /** How long an unreachable cluster is waited for before the replay gives up. */
  public static final long TIMEOUT_SECONDS = 30;
  /** Closing an admin client whose call timed out must not wait for that call again. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private TopicCheck() {}

  /**
   * Throws a {@link ReplayFailure} saying "cannot reach Kafka at HOST:PORT" when the cluster does not answer
   * within {@link #TIMEOUT_SECONDS}; commands call it before anything else talks to Kafka.
   */
  public static void requireReachable(String bootstrapServers, Map<String, String> clientOverrides) {
    listTopics(bootstrapServers, clientOverrides);
  }

  /** Also fails with a {@link ReplayFailure} when one of {@code names} does not exist. */
  static void requireTopics(ReplayConfig config, List<String> names) {
    Set<String> missing = new HashSet<>(names);
    missing.removeAll(listTopics(config.bootstrapServers(), config.producerOverrides()));
    if (!missing.isEmpty()) {
      throw new ReplayFailure("Topics " + missing + " do not exist on " + config.bootstrapServers()
          + ": create them first (TopicAdmin.ensureTopics or the 'seqmia topics' command)");
    }
  }

  private static Set<String> listTopics(String bootstrapServers, Map<String, String> overrides) {
    Properties props = new Properties();
    props.putAll(overrides);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Producer-only keys would only produce "unknown config" warnings in the admin client.
    props.keySet().removeIf(k -> !AdminClientConfig.configNames().contains(k.toString()));
    Admin admin = Admin.create(props);
    try {
      return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ReplayFailure("cannot reach Kafka at " + bootstrapServers + ": no answer within "
          + TIMEOUT_SECONDS + " s (is the broker running? check --bootstrap-server)", e);
    } catch (ExecutionException e) {
      throw new ReplayFailure("cannot reach Kafka at " + bootstrapServers + ": listing topics failed: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayFailure("Interrupted while checking topics on " + bootstrapServers, e);
    } finally {
      admin.close(CLOSE_TIMEOUT);
    }
  }
}
