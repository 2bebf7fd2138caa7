package io.seqmia.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The streams stage as a service: starts Kafka Streams on the seqmia topology and stops it cleanly. */
public final class StreamsApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** How often (wall clock) the counters are logged, when they changed since the last line. */
  public static final Duration COUNTERS_LOG_INTERVAL = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final StreamsCounters counters;
  private final StreamsAppConfig config;
  private final ScheduledExecutorService countersLog;
  private Map<String, Long> lastLogged = Map.of();

  private StreamsApp(KafkaStreams streams, StreamsCounters counters, StreamsAppConfig config) {
    this.streams = streams;
    this.counters = counters;
    this.config = config;
    this.countersLog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "seqmia-streams-counters-" + config.applicationId());
      t.setDaemon(true);
      return t;
    });
    long every = COUNTERS_LOG_INTERVAL.toMillis();
    countersLog.scheduleAtFixedRate(this::logCountersIfChanged, every, every, TimeUnit.MILLISECONDS);
  }

  private synchronized void logCountersIfChanged() {
    Map<String, Long> now = counters.snapshot();
    if (!now.equals(lastLogged)) {
      LOG.info("Streams app '{}' counters {}", config.applicationId(), now);
      lastLogged = now;
    }
  }

  public static StreamsApp start(StreamsAppConfig config) {
    return start(config, DEFAULT_START_TIMEOUT);
  }

  /**
   * Starts the topology and waits until Kafka Streams is RUNNING.
   *
   * @throws IllegalStateException when it fails or is not running within {@code startTimeout}
   */
  public static StreamsApp start(StreamsAppConfig config, Duration startTimeout) {
    StreamsCounters counters = new StreamsCounters();
    Topology topology = SeqmiaTopology.buildTopology(config, counters, clicksPartitions(config, startTimeout));
    KafkaStreams streams = new KafkaStreams(topology, SeqmiaTopology.streamsConfig(config));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<KafkaStreams.State> settledIn = new AtomicReference<>();
    CountDownLatch settled = new CountDownLatch(1);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Streams app '{}' failed; shutting the client down", config.applicationId(), e);
      failure.compareAndSet(null, e);
      settled.countDown();
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((newState, oldState) -> {
      LOG.info("Streams app '{}': {} -> {}", config.applicationId(), oldState, newState);
      if (newState == KafkaStreams.State.RUNNING || newState == KafkaStreams.State.ERROR
          || newState == KafkaStreams.State.PENDING_SHUTDOWN || newState == KafkaStreams.State.NOT_RUNNING) {
        settledIn.compareAndSet(null, newState);
        settled.countDown();
      }
    });
    streams.start();
    boolean done;
    try {
      done = settled.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      streams.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      throw new IllegalStateException("Interrupted while starting the streams app", e);
    }
    // Started means it reached RUNNING and is still running or rebalancing: with several stream threads a
    // second rebalance follows the first RUNNING at once, so a healthy app may be REBALANCING when read here.
    KafkaStreams.State state = streams.state();
    if (!done || settledIn.get() != KafkaStreams.State.RUNNING || failure.get() != null
        || !state.isRunningOrRebalancing()) {
      streams.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      Throwable cause = failure.get();
      String why = !done
          ? "not RUNNING after " + startTimeout.toSeconds() + "s (state " + state + "); is " + config.bootstrapServers()
              + " reachable and does topic '" + config.topics().clicks().name() + "' exist?"
          : "stopped in state " + state + (cause == null ? "" : ": " + cause.getMessage());
      throw new IllegalStateException("Streams app '" + config.applicationId() + "' did not start: " + why, cause);
    }
    LOG.info("Streams app '{}' running on {}, reading {}", config.applicationId(), config.bootstrapServers(),
        config.topics().clicks().name());
    return new StreamsApp(streams, counters, config);
  }

  /**
   * The number of partitions of the clicks topic: the augmenter waits for a flush marker from each.
   *
   * @throws IllegalStateException when the topic does not exist or the cluster does not answer in time
   */
  static int clicksPartitions(StreamsAppConfig config, Duration timeout) {
    String topic = config.topics().clicks().name();
    Properties props = new Properties();
    props.putAll(config.kafkaOverrides()); // security settings apply to the admin client too
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
      return d.partitions().size();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Streams app '" + config.applicationId() + "' cannot read topic '" + topic
          + "' on " + config.bootstrapServers() + ": " + e.getCause().getMessage()
          + " (create the topics first, e.g. with the replay tool)", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Streams app '" + config.applicationId() + "': no answer from "
          + config.bootstrapServers() + " about topic '" + topic + "' within " + timeout.toSeconds() + "s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while describing topic '" + topic + "'", e);
    }
  }

  public StreamsCounters counters() {
    return counters;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** /health: up while Kafka Streams is running or rebalancing; /metrics: its own metrics and the counters. */
  public io.seqmia.kernel.ServiceEndpoints.Observable observation() {
    return new io.seqmia.kernel.ServiceEndpoints.Observable() {
      @Override
      public io.seqmia.kernel.ServiceEndpoints.Health health() {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
            || state == KafkaStreams.State.CREATED;
        return new io.seqmia.kernel.ServiceEndpoints.Health(up, state.name(), null);
      }

      @Override
      public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams).bindTo(registry);
        counters.snapshot().keySet().forEach(name -> io.micrometer.core.instrument.FunctionCounter
            .builder("seqmia.streams." + name, counters, c -> c.snapshot().getOrDefault(name, 0L))
            .description("streams-app counter " + name + " (deadLettered: records sent to a dead-letter topic)")
            .register(registry));
      }
    };
  }

  /** Kafka Streams' metrics, including the counters (group {@value TaskCounters#METRICS_GROUP}, per task). */
  public Map<MetricName, ? extends Metric> metrics() {
    return streams.metrics();
  }

  @Override
  public void close() {
    countersLog.shutdownNow();
    // Leave the group: a restarted instance then gets the partitions at once instead of after the
    // old member's session timeout (45 s).
    boolean clean = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    LOG.info("Streams app '{}' {}; counters {}", config.applicationId(),
        clean ? "closed" : "did not close within " + CLOSE_TIMEOUT.toSeconds() + "s", counters);
  }
}
