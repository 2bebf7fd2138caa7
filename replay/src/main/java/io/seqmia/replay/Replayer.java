package io.seqmia.replay;

import io.seqmia.data.ClickEvent;
import io.seqmia.data.ClickReader;
import io.seqmia.data.YooChooseClickReader;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 1: replays a click log into Kafka. Every click goes to {@code clicks} keyed by session id with the
 * event time as record timestamp; every rejected line goes to {@code clicks-dlq} as a {@link DeadLetter};
 * then one {@link FlushMarker} per partition of {@code clicks} and an END_OF_REPLAY {@link ControlEvent}
 * on {@code control} tell the downstream stages that the replay is complete.
 */
public final class Replayer {

  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

  static final String SOURCE = "replay";
  /** Producer defaults: throughput-oriented batching, no duplicates on retry. */
  static final String ACKS = "all";
  static final int LINGER_MS = 20;
  static final int BATCH_SIZE_BYTES = 256 * 1024;
  static final String COMPRESSION = "lz4";
  static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;
  /** How often (in records) the progress clock is looked at. */
  private static final int PROGRESS_CHECK_EVERY = 1024;

  /** Attribute keys of the END_OF_REPLAY event. */
  public static final String ATTR_FILE = "file";
  public static final String ATTR_CLICKS_PARTITIONS = "clicksPartitions";
  public static final String ATTR_CLICKS_TOPIC = "clicksTopic";
  public static final String METRIC_LINES_READ = "linesRead";
  public static final String METRIC_REJECTED = "rejected";
  public static final String METRIC_SECONDS = "seconds";

  /** Replays the click file of the config ({@code yoochoose-clicks.dat} format, plain or gzip). */
  public ReplayResult replay(ReplayConfig config) {
    if (config.file() == null) {
      throw new IllegalArgumentException("ReplayConfig.file is not set: pass the click file to replay");
    }
    try (ClickReader reader = YooChooseClickReader.open(config.file())) {
      return replay(config, reader);
    }
  }

  /** Replays any click source (e.g. generated clicks); the reader is drained but not closed. */
  public ReplayResult replay(ReplayConfig config, ClickReader reader) {
    Topics topics = config.topics();
    TopicCheck.requireTopics(config, List.of(topics.clicks().name(), topics.clicksDlq().name(),
        topics.control().name()));
    try (Producer<String, byte[]> producer = new KafkaProducer<>(producerProperties(config),
        new StringSerializer(), new ByteArraySerializer())) {
      return new Run(config, reader, producer).execute();
    }
  }

  static Properties producerProperties(ReplayConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "seqmia-replay-" + config.runId());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, ACKS);
    p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_SIZE_BYTES));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
    p.putAll(config.producerOverrides());
    return p;
  }

  /** One replay: counters and the producer. */
  private static final class Run {
    private final ReplayConfig config;
    private final ClickReader reader;
    private final Producer<String, byte[]> producer;
    private final Topic<String, io.seqmia.schemas.Click> clicks;
    private final Topic<String, DeadLetter> dlq;
    private final Topic<String, ControlEvent> control;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onAck = (metadata, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    };
    private long produced;
    private long dlqSent;
    private long maxEventTime = Long.MIN_VALUE;

    Run(ReplayConfig config, ClickReader reader, Producer<String, byte[]> producer) {
      this.config = config;
      this.reader = reader;
      this.producer = producer;
      this.clicks = config.topics().clicks();
      this.dlq = config.topics().clicksDlq();
      this.control = config.topics().control();
    }

    ReplayResult execute() {
      long start = System.nanoTime();
      long lastLog = start;
      long lastLogCount = 0;
      String source = config.file() != null ? config.file().toString() : reader.sourceName();
      reader.addRejectListener((line, raw, reason) -> sendDeadLetter(source, line, raw, reason));
      LOG.info("Replay {}: {} -> {} on {}", config.runId(), source, clicks.name(), config.bootstrapServers());
      Long limit = config.limit();
      while ((limit == null || produced < limit) && reader.hasNext()) {
        ClickEvent e = reader.next();
        byte[] value = clicks.valueSerde().serializer().serialize(clicks.name(), e.toAvro());
        producer.send(new ProducerRecord<>(clicks.name(), null, e.eventTimeMillis(), e.sessionId(), value), onAck);
        produced++;
        maxEventTime = Math.max(maxEventTime, e.eventTimeMillis());
        if (produced % PROGRESS_CHECK_EVERY == 0) {
          failIfSendFailed();
          if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("Replay " + config.runId() + " interrupted after " + produced + " clicks");
          }
          long now = System.nanoTime();
          if (now - lastLog >= PROGRESS_INTERVAL_NANOS) {
            double rate = (produced - lastLogCount) / ((now - lastLog) / 1e9);
            LOG.info("Replay {}: {} clicks produced, {} rejected, {} records/s", config.runId(), produced,
                reader.rejected(), Math.round(rate));
            lastLog = now;
            lastLogCount = produced;
          }
        }
      }
      producer.flush();
      failIfSendFailed();
      int partitions = writeFlushMarkers();
      double seconds = (System.nanoTime() - start) / 1e9;
      writeEndOfReplay(source, partitions, seconds);
      producer.flush();
      failIfSendFailed();
      ReplayResult result = new ReplayResult(reader.linesRead(), produced, reader.rejected(), seconds, config.runId());
      if (result.linesRead() != result.produced() + result.rejected() || dlqSent != result.rejected()) {
        throw new IllegalStateException("Replay " + config.runId() + " lost lines: read " + result.linesRead()
            + ", produced " + produced + ", rejected " + result.rejected() + ", dead letters sent " + dlqSent);
      }
      LOG.info("Replay {} done: {} lines read, {} clicks produced, {} rejected to {}, {} flush markers, "
              + "{} s ({} records/s)", config.runId(), result.linesRead(), produced, result.rejected(), dlq.name(),
          partitions, String.format("%.1f", seconds), Math.round(result.recordsPerSecond()));
      return result;
    }

    private void sendDeadLetter(String source, long line, String raw, String reason) {
      DeadLetter letter = DeadLetter.newBuilder()
          .setSource(SOURCE)
          .setReason(reason)
          .setRawText(raw)
          .setFile(source)
          .setLineNumber(line)
          .setRejectedAt(Instant.now())
          .build();
      byte[] value = dlq.valueSerde().serializer().serialize(dlq.name(), letter);
      producer.send(new ProducerRecord<>(dlq.name(), source + ":" + line, value), onAck);
      dlqSent++;
    }

    /** One marker per partition: each streams task only sees its own partitions. */
    private int writeFlushMarkers() {
      List<PartitionInfo> infos = producer.partitionsFor(clicks.name());
      long timestamp = produced > 0 ? maxEventTime : System.currentTimeMillis();
      for (PartitionInfo info : infos) {
        producer.send(new ProducerRecord<>(clicks.name(), info.partition(), timestamp, FlushMarker.KEY, null,
            FlushMarker.headers(config.runId())), onAck);
      }
      return infos.size();
    }

    private void writeEndOfReplay(String source, int partitions, double seconds) {
      ControlEvent event = ControlEvent.newBuilder()
          .setType(ControlType.END_OF_REPLAY)
          .setRunId(config.runId())
          .setSource(SOURCE)
          .setTimestamp(Instant.now())
          .setCount(produced)
          .setMetrics(Map.of(
              METRIC_LINES_READ, (double) reader.linesRead(),
              METRIC_REJECTED, (double) reader.rejected(),
              METRIC_SECONDS, seconds))
          .setAttributes(Map.of(
              ATTR_FILE, source,
              ATTR_CLICKS_PARTITIONS, Integer.toString(partitions),
              ATTR_CLICKS_TOPIC, clicks.name()))
          .build();
      byte[] value = control.valueSerde().serializer().serialize(control.name(), event);
      producer.send(new ProducerRecord<>(control.name(), config.runId(), value), onAck);
    }

    private void failIfSendFailed() {
      Exception e = failure.get();
      if (e != null) {
        throw new IllegalStateException("Replay " + config.runId() + " failed after " + produced
            + " clicks: a send to Kafka at " + config.bootstrapServers() + " failed: " + e.getMessage(), e);
      }
    }
  }
}
