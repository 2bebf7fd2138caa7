package io.seqmia.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.seqmia.kernel.ServiceEndpoints;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * {@code seqmia broker}'s /health and /metrics: the broker is up when it answers a cluster description through
 * its own client port (as every stage reaches it), and its topic count is a gauge.
 */
final class BrokerObservation implements ServiceEndpoints.Observable, AutoCloseable {

  private static final int ANSWER_MS = 5_000;
  private final AdminClient admin;

  BrokerObservation(String bootstrapServers) {
    admin = AdminClient.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "seqmia-broker-health",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ANSWER_MS,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ANSWER_MS));
  }

  @Override
  public ServiceEndpoints.Health health() {
    try {
      int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ANSWER_MS)).nodes()
          .get(ANSWER_MS, TimeUnit.MILLISECONDS).size();
      return new ServiceEndpoints.Health(nodes > 0, nodes > 0 ? "RUNNING" : "NO_NODES", null);
    } catch (Exception e) {
      return new ServiceEndpoints.Health(false, "UNREACHABLE", e.toString());
    }
  }

  @Override
  public void bindMetrics(MeterRegistry registry) {
    new KafkaClientMetrics(admin).bindTo(registry);
    Gauge.builder("seqmia.broker.topics", admin, BrokerObservation::topicCount)
        .description("Topics on the broker (internal ones excluded); NaN when it does not answer").register(registry);
  }

  private static double topicCount(Admin admin) {
    try {
      return admin.listTopics(new ListTopicsOptions().timeoutMs(ANSWER_MS)).names()
          .get(ANSWER_MS, TimeUnit.MILLISECONDS).size();
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
