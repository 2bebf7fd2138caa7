package io.seqmia.testkit;

import io.seqmia.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Provides a real Kafka broker to a test class: Testcontainers' Kafka module when a Docker engine is
 * reachable, else {@link EmbeddedKafkaBroker} (the same in-JVM KRaft broker {@code seqmia demo} runs).
 * One broker per JVM, started on first use and stopped when the test run ends; tests isolate
 * themselves with topic prefixes. Use with {@code @ExtendWith(KafkaBrokerExtension.class)} and a
 * {@link KafkaBroker} parameter.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
  public static final String KAFKA_IMAGE = "apache/kafka:4.2.1";
  /** Set to "embedded" to skip the Docker probe, "testcontainers" to require it. */
  static final String MODE_PROPERTY = "seqmia.test.broker";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class);
  }

  /** Closed by JUnit when the root context closes, i.e. after the last test of the run. */
  static final class SharedBroker implements KafkaBroker, ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final String kind;
    private final String bootstrap;
    private final AutoCloseable resource;

    private SharedBroker(String kind, String bootstrap, AutoCloseable resource) {
      this.kind = kind;
      this.bootstrap = bootstrap;
      this.resource = resource;
    }

    static SharedBroker start() {
      String mode = System.getProperty(MODE_PROPERTY, "auto");
      if (!mode.equals("embedded") && dockerAvailable()) {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        LOG.info("Kafka for tests: Testcontainers {} at {}", KAFKA_IMAGE, container.getBootstrapServers());
        return new SharedBroker("testcontainers", container.getBootstrapServers(), container);
      }
      if (mode.equals("testcontainers")) {
        throw new IllegalStateException(MODE_PROPERTY + "=testcontainers but no Docker engine is reachable");
      }
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
      LOG.info("Kafka for tests: no Docker engine reachable, embedded KRaft broker at {}",
          broker.bootstrapServers());
      return new SharedBroker("embedded", broker.bootstrapServers(), broker);
    }

    private static boolean dockerAvailable() {
      try {
        return DockerClientFactory.instance().isDockerAvailable();
      } catch (Throwable t) {
        return false;
      }
    }

    @Override
    public String bootstrapServers() {
      return bootstrap;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public void close() throws Exception {
      resource.close();
    }
  }
}
