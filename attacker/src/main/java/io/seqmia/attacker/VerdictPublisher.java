package io.seqmia.attacker;

import io.seqmia.kernel.ChunkedTransactions;
import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.MembershipVerdict;
import io.seqmia.schemas.ScoreVector;
import io.seqmia.schemas.Topic;
import io.seqmia.schemas.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds the attacker's records (verdicts, the AttackReport, ATTACK_COMPLETE) and sends them into the open chunk. */
final class VerdictPublisher {

  private final ChunkedTransactions out;
  private final Topics topics;
  private final double threshold;
  /** decidedAt minus the time each sequence reached the trainer, of the verdicts since {@link #takeLatency}. */
  private final VerdictLatency latency = new VerdictLatency();

  /** Every verdict's latency for /metrics (p50, p99, max), once a registry is bound. */
  private volatile io.micrometer.core.instrument.DistributionSummary latencyMetric;

  void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    latencyMetric = io.micrometer.core.instrument.DistributionSummary.builder("seqmia.verdict.latency")
        .baseUnit("milliseconds").description("decidedAt minus the time the sequence reached the trainer")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  VerdictPublisher(ChunkedTransactions out, Topics topics, double threshold) {
    this.out = out;
    this.topics = topics;
    this.threshold = threshold;
  }

  void verdict(HeldVectors.Held v, double probability, AttackRun run) {
    Instant now = Instant.now();
    long produced = v.producedAt();
    MembershipVerdict verdict = MembershipVerdict.newBuilder()
        .setSequenceId(v.sequenceId())
        .setMemberProbability(probability)
        .setMember(probability >= threshold)
        .setThreshold(threshold)
        .setAttackName(AttackRunner.MLP)
        .setAttackMode(AttackRunner.MLP_MODE)
        .setAttackModelVersion(run.attackModelVersion())
        .setTargetModelVersion(v.modelVersion())
        .setGroundTruth(v.member())
        .setUsedForTraining(run.usedForTraining().contains(v.sequenceId()))
        .setVariant(v.variant())
        .setDecidedAt(now)
        .setLatencyMs(now.toEpochMilli() - produced)
        .build();
    latency.record(verdict.getLatencyMs());
    io.micrometer.core.instrument.DistributionSummary summary = latencyMetric;
    if (summary != null) {
      summary.record(Math.max(0, verdict.getLatencyMs()));
    }
    send(topics.membershipVerdicts(), v.sequenceId(), verdict);
  }

  /** The latency summary of the verdicts built since the last call ({@link VerdictLatency#summary}); starts anew. */
  Map<String, Double> takeLatency() {
    Map<String, Double> summary = latency.summary();
    latency.reset();
    return summary;
  }

  void report(String runId, io.seqmia.schemas.AttackReport report) {
    send(topics.attackReports(), runId, report);
  }

  void complete(String runId, String targetVersion, AttackRun run, long published, Map<String, String> extra) {
    Map<String, String> attributes = new HashMap<>(extra);
    attributes.put(AttackerService.MODEL_VERSION, targetVersion);
    Map<String, Double> metrics = new HashMap<>();
    if (run != null) {
      attributes.put(AttackerService.ATTACK_MODEL_VERSION, run.attackModelVersion());
      run.result(AttackRunner.MLP, AttackRunner.NEGATIVES_ALL).ifPresent(r -> metrics.put("mlpAuc", r.getAuc()));
      run.result(AttackRunner.LOSS_THRESHOLD, AttackRunner.NEGATIVES_ALL)
          .ifPresent(r -> metrics.put("lossThresholdAuc", r.getAuc()));
    }
    ControlEvent done = ControlEvent.newBuilder()
        .setType(ControlType.ATTACK_COMPLETE)
        .setRunId(runId)
        .setSource(AttackerService.SOURCE)
        .setTimestamp(Instant.now())
        .setCount(published)
        .setMetrics(metrics)
        .setAttributes(attributes)
        .build();
    send(topics.control(), runId, done);
  }

  private <V> void send(Topic<String, V> topic, String key, V value) {
    out.send(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
  }
}
