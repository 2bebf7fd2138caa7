package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.SequenceVariant;
import io.seqmia.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer stage (architecture phases 3, 4 and 6): collects click sequences until the streams-app
 * has flushed every clicks partition, trains the target on the TARGET_MEMBER sequences, publishes
 * MODEL_TRAINED, scores every target-side sequence into {@code score-vectors}, publishes
 * SCORING_COMPLETE, then scores each new target-side sequence as it arrives.
 *
 * <p>The consumer assigns itself every partition of {@code click-sequences} and {@code control} and reads
 * from the beginning instead of joining a consumer group: the model needs all sequences, a restart must
 * re-read them all (the model is not persisted), and training can take minutes without a poll, which
 * would get a group member evicted. No offsets are committed.
 */
public final class TrainerService implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

  public static final String SOURCE = "trainer";
  /** Fewer member sequences than this cannot make a meaningful target model. */
  public static final int MIN_MEMBER_SEQUENCES = 10;
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration TOPIC_WAIT = Duration.ofMillis(500);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);
  /** Score vectors are built and sent in chunks so memory stays flat for large runs. */
  private static final int SCORE_CHUNK = 1024;

  private final TrainerConfig config;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, ClickSequence> sequences = new LinkedHashMap<>();
  /** When each sequence was produced (its record timestamp: the streams-app stamps wall-clock time). */
  private final Map<String, Long> producedAt = new java.util.HashMap<>();
  private final FlushTracker flushes = new FlushTracker();
  private final AtomicLong scored = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile TrainerPhase phase = TrainerPhase.COLLECTING;
  private volatile boolean closing;
  private volatile boolean running;
  private TrainedTarget model;
  private Map<TopicPartition, Long> drainTargets;
  private long lastActivityNanos = System.nanoTime();
  private long droppedSequences;
  private boolean waitingForMoreMembers;
  private String liveRunId;

  public TrainerService(TrainerConfig config) {
    this.config = config;
    consumer = new KafkaConsumer<>(consumerProperties(config));
    producer = new KafkaProducer<>(producerProperties(config));
  }

  public TrainerPhase phase() {
    return phase;
  }

  /** Score vectors sent and acknowledged so far. */
  public long scoredCount() {
    return scored.get();
  }

  /** The version of the trained target, or null before training finished. */
  public synchronized String modelVersion() {
    return model == null ? null : model.modelVersion();
  }

  @Override
  public void run() {
    running = true;
    try {
      assignAll();
      while (!closing) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        List<ClickSequence> fresh = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          lastActivityNanos = System.nanoTime();
          handle(r, fresh);
        }
        if (phase == TrainerPhase.LIVE) {
          scoreLive(fresh);
        } else if (phase == TrainerPhase.COLLECTING) {
          maybeTrain();
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("trainer service failed", e);
      throw e;
    } finally {
      phase = TrainerPhase.STOPPED;
      closeResources();
      stopped.countDown();
    }
  }

  private void assignAll() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<String, ?> topic : List.of(config.topics().clickSequences(), config.topics().control())) {
      List<PartitionInfo> infos = waitForTopic(topic.name());
      if (infos == null) {
        return;
      }
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    LOG.info("trainer reading {} partitions of {} and {}", partitions.size(),
        config.topics().clickSequences().name(), config.topics().control().name());
  }

  /** The topic's partitions once it exists; null if the service closes first. */
  private List<PartitionInfo> waitForTopic(String name) {
    boolean warned = false;
    while (!closing) {
      List<PartitionInfo> infos = consumer.partitionsFor(name);
      if (infos != null && !infos.isEmpty()) {
        return infos;
      }
      if (!warned) {
        LOG.warn("topic {} does not exist yet; waiting for it (create the topics first)", name);
        warned = true;
      }
      sleep(TOPIC_WAIT);
    }
    return null;
  }

  private void handle(ConsumerRecord<String, byte[]> r, List<ClickSequence> fresh) {
    if (r.value() == null) {
      return;
    }
    try {
      if (r.topic().equals(config.topics().control().name())) {
        ControlEvent event = config.topics().control().valueSerde().deserializer().deserialize(r.topic(), r.value());
        flushes.onControl(event);
      } else {
        ClickSequence s =
            config.topics().clickSequences().valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (s.getItemIds().isEmpty()) {
          LOG.warn("skipping sequence {} without items", s.getSequenceId());
          return;
        }
        keep(s);
        producedAt.put(s.getSequenceId(), r.timestamp());
        fresh.add(s);
      }
    } catch (RuntimeException e) {
      // One unreadable record must not stop the stage; it is logged with its coordinates.
      LOG.error("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private void keep(ClickSequence s) {
    if (sequences.size() >= config.maxSequences() && !sequences.containsKey(s.getSequenceId())) {
      if (droppedSequences++ == 0) {
        LOG.warn("holding {} sequences ({}); dropping further ones", sequences.size(), TrainerConfig.MAX_SEQUENCES);
      }
      return;
    }
    sequences.put(s.getSequenceId(), s);
  }

  private void maybeTrain() {
    String runId = flushes.latestRunId();
    if (drainTargets == null && !waitingForMoreMembers
        && flushes.latestRunComplete(clicksPartitions())) {
      drainTargets = consumer.endOffsets(sequencePartitions());
      LOG.info("run {}: every clicks partition flushed; reading {} up to {}", runId,
          config.topics().clickSequences().name(), drainTargets);
    }
    if (drainTargets != null) {
      if (drained()) {
        drainTargets = null;
        trainAndScore(runId);
      }
      return;
    }
    long idleNanos = System.nanoTime() - lastActivityNanos;
    if (!sequences.isEmpty() && idleNanos >= config.idleTimeout().toNanos()) {
      LOG.warn("nothing new for {} s and no complete flush; training on what has arrived",
          config.idleTimeout().toSeconds());
      trainAndScore(runId == null ? "unknown" : runId);
    }
  }

  private int clicksPartitions() {
    List<PartitionInfo> infos = consumer.partitionsFor(config.topics().clicks().name());
    return infos == null ? 0 : infos.size();
  }

  private List<TopicPartition> sequencePartitions() {
    String name = config.topics().clickSequences().name();
    List<TopicPartition> out = new ArrayList<>();
    for (TopicPartition tp : consumer.assignment()) {
      if (tp.topic().equals(name)) {
        out.add(tp);
      }
    }
    return out;
  }

  private boolean drained() {
    for (Map.Entry<TopicPartition, Long> e : drainTargets.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void trainAndScore(String runId) {
    List<ClickSequence> members = new ArrayList<>();
    List<ClickSequence> heldOut = new ArrayList<>();
    for (ClickSequence s : sequences.values()) {
      // Every TARGET_MEMBER trains, whatever its variant: augmented variants are TARGET_MEMBERs only when the
      // streams-app runs with augment.train-target=true (the paper's other reading); by default they are
      // non-members and never train.
      if (s.getSplit() == MembershipSplit.TARGET_MEMBER) {
        members.add(s);
      } else if (s.getVariant() == SequenceVariant.ORIGINAL && s.getSplit() == MembershipSplit.TARGET_NONMEMBER) {
        heldOut.add(s);
      }
    }
    if (members.size() < MIN_MEMBER_SEQUENCES) {
      LOG.error("run {}: only {} TARGET_MEMBER sequences arrived, at least {} are needed; not training. "
          + "Waiting for more sequences (training is retried after {} s without new input).",
          runId, members.size(), MIN_MEMBER_SEQUENCES, config.idleTimeout().toSeconds());
      waitingForMoreMembers = true;
      lastActivityNanos = System.nanoTime();
      return;
    }
    waitingForMoreMembers = false;
    phase = TrainerPhase.TRAINING;
    LOG.info("run {}: training the target on {} member sequences ({} held out), {}", runId, members.size(),
        heldOut.size(), config.model());
    TrainedTarget trained = TargetTrainer.train(members, heldOut, config.model(), new EpochListener() {
      @Override
      public void onEpoch(EpochProgress p) {
        LOG.info("target model {}", p);
      }

      @Override
      public boolean stopRequested() {
        return closing;
      }
    });
    synchronized (this) {
      model = trained;
    }
    if (closing) {
      return;
    }
    double memberNll = trained.meanNll(members);
    double nonMemberNll = trained.meanNll(heldOut);
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("trainLoss", trained.finalTrainLoss());
    metrics.put("heldOutLoss", trained.finalHeldOutLoss());
    metrics.put("epochs", (double) trained.epochs());
    metrics.put("trainSeconds", trained.trainSeconds());
    metrics.put("tokensPerSecond", trained.tokensPerSecond());
    metrics.put("memberNll", memberNll);
    metrics.put("nonMemberNll", nonMemberNll);
    metrics.put("trainSequences", (double) members.size());
    metrics.put("heldOutSequences", (double) heldOut.size());
    LOG.info("run {}: model {} trained in {} s: {}", runId, trained.modelVersion(),
        String.format("%.1f", trained.trainSeconds()), metrics);
    sendControl(control(ControlType.MODEL_TRAINED, runId, null, metrics, trained.modelVersion()));

    phase = TrainerPhase.SCORING;
    List<ClickSequence> targetSide = new ArrayList<>();
    for (ClickSequence s : sequences.values()) {
      if (isTargetSide(s)) {
        targetSide.add(s);
      }
    }
    long sent = 0;
    for (int from = 0; from < targetSide.size() && !closing; from += SCORE_CHUNK) {
      sent += send(trained.score(targetSide.subList(from, Math.min(targetSide.size(), from + SCORE_CHUNK)),
          TrainedTarget.ROLE_TARGET));
    }
    if (closing) {
      return;
    }
    LOG.info("run {}: scored {} target-side sequences", runId, sent);
    sendControl(control(ControlType.SCORING_COMPLETE, runId, sent, Map.of(), trained.modelVersion()));
    liveRunId = runId;
    phase = TrainerPhase.LIVE;
  }

  private void scoreLive(List<ClickSequence> fresh) {
    List<ClickSequence> targetSide = new ArrayList<>();
    for (ClickSequence s : fresh) {
      if (isTargetSide(s)) {
        targetSide.add(s);
      }
    }
    if (!targetSide.isEmpty()) {
      long n = send(model.score(targetSide, TrainedTarget.ROLE_TARGET));
      LOG.debug("run {}: scored {} new sequences live", liveRunId, n);
    }
  }

  private static boolean isTargetSide(ClickSequence s) {
    return s.getSplit() == MembershipSplit.TARGET_MEMBER || s.getSplit() == MembershipSplit.TARGET_NONMEMBER;
  }

  /** Sends the vectors, waits until all are acknowledged, and returns how many were. */
  private long send(List<ScoreVector> vectors) {
    Topic<String, ScoreVector> topic = config.topics().scoreVectors();
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    for (ScoreVector v : vectors) {
      if (v.getSequenceTime() == null) {
        v.setSequenceTime(producedAt.get(v.getSequenceId())); // lets the attacker report verdict latency
      }
      byte[] value = topic.valueSerde().serializer().serialize(topic.name(), v);
      producer.send(new ProducerRecord<>(topic.name(), v.getSequenceId(), value), (meta, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        } else {
          acked.incrementAndGet();
        }
      });
    }
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("could not send score vectors to " + topic.name() + ": "
          + failure.get().getMessage(), failure.get());
    }
    scored.addAndGet(acked.get());
    return acked.get();
  }

  private static ControlEvent control(
      ControlType type, String runId, Long count, Map<String, Double> metrics, String modelVersion) {
    return ControlEvent.newBuilder()
        .setType(type)
        .setRunId(runId)
        .setSource(SOURCE)
        .setTimestamp(Instant.now())
        .setCount(count)
        .setMetrics(metrics)
        .setAttributes(Map.of("modelVersion", modelVersion))
        .build();
  }

  private void sendControl(ControlEvent event) {
    Topic<String, ControlEvent> topic = config.topics().control();
    try {
      producer.send(new ProducerRecord<>(topic.name(), event.getRunId(),
          topic.valueSerde().serializer().serialize(topic.name(), event))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + event.getType(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not send " + event.getType() + " to " + topic.name() + ": "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    if (running) {
      try {
        if (!stopped.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("trainer did not stop within {} s", CLOSE_WAIT.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      closeResources();
    }
  }

  private synchronized void closeResources() {
    try {
      consumer.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the consumer: {}", e.getMessage());
    }
    producer.close(Duration.ofSeconds(10));
    if (model != null) {
      model.close();
      model = null;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Properties consumerProperties(TrainerConfig config) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-consumer");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private static Properties producerProperties(TrainerConfig config) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.groupId() + "-producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
