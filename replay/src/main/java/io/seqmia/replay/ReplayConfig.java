package io.seqmia.replay;

import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;

/**
 * What to replay and where.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param topics the topic registry (its prefix namespaces the run)
 * @param file the click file ({@code yoochoose-clicks.dat} format, plain or .gz); may be null only when
 *     the clicks come from a {@link io.seqmia.data.ClickReader} passed to the replayer
 * @param runId the id that ties the flush markers and the END_OF_REPLAY event to this run
 * @param limit the most clicks to produce, or null for all
 * @param producerOverrides extra producer properties (e.g. security settings of a remote cluster); they
 *     override the replay defaults
 */
public record ReplayConfig(
    String bootstrapServers, Topics topics, Path file, String runId, Long limit,
    Map<String, String> producerOverrides) {

  public static final String RUN_ID_PREFIX = "run-";

  public ReplayConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank: pass host:port of a Kafka broker");
    }
    if (topics == null) {
      throw new IllegalArgumentException("topics must not be null: use Topics.defaults() or Topics.withPrefix(...)");
    }
    if (runId == null || runId.isBlank()) {
      runId = defaultRunId();
    }
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (or absent for no limit), got " + limit);
    }
    producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
  }

  /** A config with a fresh run id, no limit and no producer overrides. */
  public ReplayConfig(String bootstrapServers, Topics topics, Path file) {
    this(bootstrapServers, topics, file, null, null, null);
  }

  public static String defaultRunId() {
    return RUN_ID_PREFIX + System.currentTimeMillis();
  }

  public ReplayConfig withRunId(String id) {
    return new ReplayConfig(bootstrapServers, topics, file, id, limit, producerOverrides);
  }

  public ReplayConfig withLimit(Long max) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, max, producerOverrides);
  }

  public ReplayConfig withProducerOverrides(Map<String, String> overrides) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, limit, overrides);
  }
}
