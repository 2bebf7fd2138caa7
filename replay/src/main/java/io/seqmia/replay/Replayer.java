package io.seqmia.replay;

import io.seqmia.data.ClickEvent;
import io.seqmia.data.ClickReader;
import io.seqmia.data.ClickFormat;
import io.seqmia.data.ClickReaders;
import io.seqmia.data.MovieLensReader;
import io.seqmia.data.RejectListener;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.DeadLetter;
import io.seqmia.schemas.FlushMarker;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
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
 *
 * <p>Options ({@link ReplayConfig}): pacing ({@link Pacing}: full speed, original gaps divided by a factor
 * with each single wait capped at {@link Pacing#MAX_SINGLE_WAIT_MILLIS}, or a fixed rate), file or event-time
 * order ({@link ExternalSorter}), {@code --limit}, {@code --from}/{@code --to} (events outside are counted
 * as skipped), and the key (session or user id). Every line read is produced, rejected or skipped.
 */
public final class Replayer {

  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

  static final String SOURCE = "replay";
  /** Producer defaults: throughput-oriented batching, no duplicates on retry. */
  static final String ACKS = "all";
  static final int LINGER_MS = 20;
  static final int BATCH_SIZE_BYTES = 256 * 1024;
  static final String COMPRESSION = "lz4";
  /** How often (in records) the progress clock is looked at. */
  private static final int PROGRESS_CHECK_EVERY = 1024;

  /** Attribute keys of the END_OF_REPLAY event. */
  public static final String ATTR_FILE = "file";
  public static final String ATTR_CLICKS_PARTITIONS = "clicksPartitions";
  public static final String ATTR_CLICKS_TOPIC = "clicksTopic";
  public static final String METRIC_LINES_READ = "linesRead";
  public static final String METRIC_REJECTED = "rejected";
  public static final String METRIC_SECONDS = "seconds";

  public static final String METRIC_SKIPPED = "skipped";

  private final boolean showProgress;
  /** Records produced so far by the running replay (read by other threads: a progress display). */
  private final java.util.concurrent.atomic.AtomicLong producedSoFar = new java.util.concurrent.atomic.AtomicLong();

  /** A replayer with its own progress: a bar on a terminal, log lines otherwise. */
  public Replayer() {
    this(true);
  }

  /** @param showProgress false when the caller shows the progress itself ({@link #producedSoFar()}) */
  public Replayer(boolean showProgress) {
    this.showProgress = showProgress;
  }

  /** Records the current (or last) replay of this replayer has produced so far. */
  public long producedSoFar() {
    return producedSoFar.get();
  }

  /**
   * Replays the click file of the config ({@code yoochoose-clicks.dat} format, plain or gzip).
   *
   * @throws ReplayFailure when Kafka is unreachable or refuses writes, a topic is missing, or the file cannot be read
   */
  public ReplayResult replay(ReplayConfig config) {
    return replay(config, null, MovieLensReader.DEFAULT_SESSION_GAP);
  }

  /**
   * Replays {@code config.file()} read as {@code format} (null: detected from its first lines).
   *
   * @param sessionGap inactivity that cuts sessions where the format has none (MovieLens)
   */
  public ReplayResult replay(ReplayConfig config, ClickFormat format, Duration sessionGap) {
    Path file = config.file();
    if (file == null) {
      throw new IllegalArgumentException("ReplayConfig.file is not set: pass the click file to replay");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Click file not found or not a regular file: " + file.toAbsolutePath());
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ReplayFailure("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    CountingInputStream[] counting = new CountingInputStream[1];
    ClickReader reader = ClickReaders.open(file, format, RejectListener.NONE, sessionGap,
        raw -> counting[0] = new CountingInputStream(raw));
    try (reader) {
      DoubleSupplier fraction = () -> size <= 0 ? Double.NaN : Math.min(1.0, (double) counting[0].count() / size);
      return replay(config, reader, fraction);
    }
  }

  /** Replays any click source (e.g. generated clicks); the reader is drained but not closed. */
  public ReplayResult replay(ReplayConfig config, ClickReader reader) {
    return replay(config, reader, () -> Double.NaN);
  }

  private ReplayResult replay(ReplayConfig config, ClickReader reader, DoubleSupplier readFraction) {
    Topics topics = config.topics();
    TopicCheck.requireTopics(config, List.of(topics.clicks().name(), topics.clicksDlq().name(),
        topics.control().name()));
    try (Producer<String, byte[]> producer = new KafkaProducer<>(producerProperties(config),
        new StringSerializer(), new ByteArraySerializer())) {
      return new Run(config, reader, producer, readFraction).execute();
    } catch (UncheckedIOException e) {
      String source = config.file() != null ? config.file().toAbsolutePath().toString() : reader.sourceName();
      throw new ReplayFailure("cannot read " + source + ": " + e.getMessage(), e);
    } catch (KafkaException e) {
      throw new ReplayFailure("Kafka at " + config.bootstrapServers() + " failed: " + e.getMessage(), e);
    }
  }

  /** The replay's producer settings (also what the replay benchmark gives its reference). */
  public static Properties producerProperties(ReplayConfig config) {
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
  private final class Run {
    private final ReplayConfig config;
    private final ClickReader reader;
    private final Producer<String, byte[]> producer;
    private final DoubleSupplier readFraction;
    private final Topic<String, io.seqmia.schemas.Click> clicks;
    /** Used by the read-ahead thread only (it reuses a buffer); the bytes of the clicks topic's own serde. */
    private final ClickBytes clickBytes = new ClickBytes();
    private final Topic<String, DeadLetter> dlq;
    private final Topic<String, ControlEvent> control;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onAck = (metadata, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    };
    private final Progress progress;
    private long produced;
    private long skipped;
    private long dlqSent;
    private long maxEventTime = Long.MIN_VALUE;

    Run(ReplayConfig config, ClickReader reader, Producer<String, byte[]> producer, DoubleSupplier readFraction) {
      this.config = config;
      this.reader = reader;
      this.producer = producer;
      this.readFraction = readFraction;
      this.clicks = config.topics().clicks();
      this.dlq = config.topics().clicksDlq();
      this.control = config.topics().control();
      this.progress = showProgress ? Progress.forCurrentOutput(config.runId()) : Progress.logOnly(config.runId());
    }

    ReplayResult execute() {
      long start = System.nanoTime();
      String source = config.file() != null ? config.file().toString() : reader.sourceName();
      reader.addRejectListener((line, raw, reason) -> sendDeadLetter(source, line, raw, reason));
      LOG.info("Replay {}: {} -> {} on {} (speed {}, {} order, keyed by {})", config.runId(), source, clicks.name(),
          config.bootstrapServers(), config.pacing(), config.order().name().toLowerCase(Locale.ROOT),
          config.keyBy().name().toLowerCase(Locale.ROOT));
      Iterator<ClickEvent> inRange = new TimeFilter();
      if (config.order() == ReplayOrder.TIME) {
        progress.fraction(readFraction);
        try (ExternalSorter.Sorted sorted = ExternalSorter.sort(inRange, config.sortChunkSize(), config.tempDir(),
            n -> progress.update("sorting", n, reader.rejected()))) {
          LOG.info("Replay {}: sorted {} clicks by event time ({} spill files)", config.runId(), sorted.size(),
              sorted.spills());
          long total = config.limit() == null ? sorted.size() : Math.min(config.limit(), sorted.size());
          progress.fraction(() -> total == 0 ? 1.0 : (double) produced / total);
          produceAll(sorted);
          skipped += sorted.size() - produced; // sorted past --limit
        }
      } else {
        Long limit = config.limit();
        progress.fraction(() -> limit == null || limit == 0 ? readFraction.getAsDouble()
            : Math.max(Math.min(1.0, (double) produced / limit), nanToZero(readFraction.getAsDouble())));
        produceAll(inRange);
      }
      progress.finish();
      producedSoFar.set(produced);
      producer.flush();
      failIfSendFailed();
      int partitions = writeFlushMarkers();
      double seconds = (System.nanoTime() - start) / 1e9;
      writeEndOfReplay(source, partitions, seconds);
      producer.flush();
      failIfSendFailed();
      ReplayResult result = new ReplayResult(reader.linesRead(), produced, reader.rejected(), skipped, seconds,
          config.runId());
      if (!result.accountedFor() || dlqSent != result.rejected()) {
        throw new IllegalStateException("Replay " + config.runId() + " lost lines: read " + result.linesRead()
            + ", produced " + produced + ", rejected " + result.rejected() + ", skipped " + skipped
            + ", dead letters sent " + dlqSent);
      }
      LOG.info("Replay {} done: {}; rejected lines to {}, {} flush markers", config.runId(), result.summary(),
          dlq.name(), partitions);
      return result;
    }

    private static double nanToZero(double v) {
      return Double.isNaN(v) ? 0 : v;
    }

    /**
     * Produces until the source ends or --limit is reached, paced. Reading, keying and encoding run ahead on a
     * thread of their own ({@link ReadAhead}); this thread paces and sends.
     */
    private void produceAll(Iterator<ClickEvent> events) {
      Pacer pacer = new Pacer(config.pacing());
      try (ReadAhead ahead = new ReadAhead(events, config.limit(), this::prepare, "replay-" + config.runId())) {
        ReadAhead.Prepared p;
        while ((p = ahead.next()) != null) {
          pacer.await(p.timestamp());
          producer.send(new ProducerRecord<>(clicks.name(), null, p.timestamp(), p.key(), p.value()), onAck);
          produced++;
          maxEventTime = Math.max(maxEventTime, p.timestamp());
          if (pacer.paced() || produced % PROGRESS_CHECK_EVERY == 0) {
            producedSoFar.set(produced);
            failIfSendFailed();
            if (Thread.currentThread().isInterrupted()) {
              throw new InterruptedException();
            }
            // the reader's counters are read across threads here: for the progress line only
            progress.update("replaying", produced, reader.rejected());
          }
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Replay " + config.runId() + " interrupted after " + produced + " clicks");
      }
    }

    private ReadAhead.Prepared prepare(ClickEvent e) {
      return new ReadAhead.Prepared(key(e), clickBytes.encode(e), e.eventTimeMillis());
    }

    private String key(ClickEvent e) {
      if (config.keyBy() == KeyBy.USER) {
        if (e.userId() == null) {
          throw new IllegalArgumentException("--key user: line " + e.lineNumber() + " of "
              + (config.file() != null ? config.file() : reader.sourceName())
              + " has no user id (YooChoose-style session logs have none): use --key session");
        }
        return e.userId();
      }
      return e.sessionId();
    }

    /** The reader's valid events inside [from, to); the others are counted as skipped. */
    private final class TimeFilter implements Iterator<ClickEvent> {
      private ClickEvent pending;

      @Override
      public boolean hasNext() {
        while (pending == null && reader.hasNext()) {
          ClickEvent e = reader.next();
          if (config.inTimeRange(e.eventTimeMillis())) {
            pending = e;
          } else {
            skipped++;
          }
        }
        return pending != null;
      }

      @Override
      public ClickEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ClickEvent e = pending;
        pending = null;
        return e;
      }
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
              METRIC_SKIPPED, (double) skipped,
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
        throw new ReplayFailure("Replay " + config.runId() + " failed after " + produced
            + " clicks: a send to Kafka at " + config.bootstrapServers() + " failed: " + e.getMessage(), e);
      }
    }
  }
}
