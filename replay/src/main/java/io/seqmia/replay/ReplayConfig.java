package io.seqmia.replay;

import io.seqmia.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What to replay, where, and how.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param topics the topic registry (its prefix namespaces the run)
 * @param file the click file ({@code yoochoose-clicks.dat} format, plain or .gz); may be null only when
 *     the clicks come from a {@link io.seqmia.data.ClickReader} passed to the replayer
 * @param runId the id that ties the flush markers and the END_OF_REPLAY event to this run
 * @param limit the most clicks to produce, or null for all
 * @param producerOverrides extra producer properties (e.g. security settings of a remote cluster); they
 *     override the replay defaults
 * @param pacing how fast (default {@link Pacing#max()})
 * @param order file order (default) or event-time order (external sort)
 * @param from first included event time, or null
 * @param to first excluded event time, or null
 * @param keyBy record key: session id (default) or user id
 * @param sortChunkSize events per in-memory chunk of the external sort
 * @param tempDir where the sort spills (null: java.io.tmpdir)
 */
public record ReplayConfig(
    String bootstrapServers, Topics topics, Path file, String runId, Long limit,
    Map<String, String> producerOverrides, Pacing pacing, ReplayOrder order, Instant from, Instant to,
    KeyBy keyBy, int sortChunkSize, Path tempDir) {

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
    pacing = pacing == null ? Pacing.max() : pacing;
    order = order == null ? ReplayOrder.FILE : order;
    keyBy = keyBy == null ? KeyBy.SESSION : keyBy;
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("--from " + from + " must be before --to " + to + " (--to is exclusive)");
    }
    if (sortChunkSize < 1) {
      throw new IllegalArgumentException("sortChunkSize must be >= 1, got " + sortChunkSize);
    }
  }

  /** A config with a fresh run id and the defaults: full speed, file order, keyed by session, no limits. */
  public ReplayConfig(String bootstrapServers, Topics topics, Path file) {
    this(bootstrapServers, topics, file, null, null, null);
  }

  /** The first six settings, defaults for the rest (the constructor before pacing and ordering existed). */
  public ReplayConfig(String bootstrapServers, Topics topics, Path file, String runId, Long limit,
      Map<String, String> producerOverrides) {
    this(bootstrapServers, topics, file, runId, limit, producerOverrides, null, null, null, null, null,
        ExternalSorter.DEFAULT_CHUNK_SIZE, null);
  }

  public static String defaultRunId() {
    return RUN_ID_PREFIX + System.currentTimeMillis();
  }

  /** True when an event at this time is replayed (inside [from, to)). */
  public boolean inTimeRange(long eventTimeMillis) {
    return (from == null || eventTimeMillis >= from.toEpochMilli()) && (to == null || eventTimeMillis < to.toEpochMilli());
  }

  public ReplayConfig withRunId(String id) {
    return new ReplayConfig(bootstrapServers, topics, file, id, limit, producerOverrides, pacing, order, from, to,
        keyBy, sortChunkSize, tempDir);
  }

  public ReplayConfig withLimit(Long max) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, max, producerOverrides, pacing, order, from, to,
        keyBy, sortChunkSize, tempDir);
  }

  public ReplayConfig withProducerOverrides(Map<String, String> overrides) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, limit, overrides, pacing, order, from, to,
        keyBy, sortChunkSize, tempDir);
  }

  public ReplayConfig withPacing(Pacing p) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, limit, producerOverrides, p, order, from, to,
        keyBy, sortChunkSize, tempDir);
  }

  public ReplayConfig withOrder(ReplayOrder o) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, limit, producerOverrides, pacing, o, from, to,
        keyBy, sortChunkSize, tempDir);
  }

  /** Only events with {@code from <= event time < to}; either may be null (open). */
  public ReplayConfig withTimeRange(Instant fromInclusive, Instant toExclusive) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, limit, producerOverrides, pacing, order,
        fromInclusive, toExclusive, keyBy, sortChunkSize, tempDir);
  }

  public ReplayConfig withKeyBy(KeyBy k) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, limit, producerOverrides, pacing, order, from, to,
        k, sortChunkSize, tempDir);
  }

  /** Key by user id instead of session id (MovieLens-style data). */
  public boolean keyByUser() {
    return keyBy == KeyBy.USER;
  }

  public ReplayConfig withSort(int chunkSize, Path spillDir) {
    return new ReplayConfig(bootstrapServers, topics, file, runId, limit, producerOverrides, pacing, order, from, to,
        keyBy, chunkSize, spillDir);
  }
}
