package io.seqmia.attacker;

import io.seqmia.schemas.ControlEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attacker's control events and the attacks they announce: the models' mappings (VOCABULARY), the target's
 * metrics and attributes (MODEL_TRAINED), and each SCORING_COMPLETE as a pending attack, queued until its vectors
 * are held and then under way until its output is committed; which control offsets those attacks hold back.
 */
final class AttackSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(AttackSchedule.class);

  /**
   * @param handledBefore the SCORING_COMPLETE lies below the committed control offset: its attack was
   *     published before a restart, and the attack runs again only because its model was not saved
   */
  record PendingAttack(String runId, long count, String modelVersion, String shadowVersion,
      long shadowCount, long announcedAtNanos, TopicPartition controlPartition, long controlOffset,
      boolean handledBefore) {}

  /** The models' index-to-item mappings (VOCABULARY), for the baselines that read recommended items. */
  private final Vocabularies vocabularies;
  /** Forgets a decided target version and its shadow version (either may be null). */
  private final BiConsumer<String, String> release;
  private final ArrayDeque<PendingAttack> pending = new ArrayDeque<>();
  /** The attack whose bulk verdict run is under way (its SCORING_COMPLETE holds the control offset), or null. */
  private PendingAttack inProgress;
  /** Target versions attacked by this instance (or whose saved attack model it resumed): never again. */
  private final Set<String> attackedTargets = new HashSet<>();
  /** MODEL_TRAINED metrics and attributes by target version, and the latest (for events without a version). */
  private final Map<String, Map<String, Double>> metricsByVersion = new HashMap<>();
  private final Map<String, Map<String, String>> attributesByVersion = new HashMap<>();
  /** MODEL_TRAINED's training curves by target version (one value per epoch: bounded by the epochs). */
  private final Map<String, Map<String, java.util.List<Double>>> seriesByVersion = new HashMap<>();
  private Map<String, Double> targetMetrics = Map.of();
  private Map<String, String> targetAttributes = Map.of();
  private String trainedModelVersion;

  AttackSchedule(Vocabularies vocabularies, BiConsumer<String, String> release) {
    this.vocabularies = vocabularies;
    this.release = release;
  }

  void onControl(ControlEvent event, TopicPartition partition, long offset, RestartPoint restart) {
    String version = event.getAttributes().get(AttackerService.MODEL_VERSION);
    switch (event.getType()) {
      case VOCABULARY -> vocabularies.accept(event);
      case MODEL_TRAINED -> {
        targetMetrics = Map.copyOf(event.getMetrics());
        targetAttributes = Map.copyOf(event.getAttributes());
        trainedModelVersion = version;
        if (version != null) {
          metricsByVersion.put(version, targetMetrics);
          attributesByVersion.put(version, targetAttributes);
          seriesByVersion.put(version, Map.copyOf(event.getSeries()));
        }
        LOG.info("attacker: target model {} trained: {}", version, targetMetrics);
      }
      case SCORING_COMPLETE -> {
        String v = version != null ? version : trainedModelVersion;
        if (v == null || event.getCount() == null) {
          LOG.warn("attacker: SCORING_COMPLETE of run {} lacks {} or count; ignored", event.getRunId(),
              AttackerService.MODEL_VERSION);
          return;
        }
        if (attackedTargets.contains(v) || pending.stream().anyMatch(p -> p.modelVersion().equals(v))) {
          LOG.info("attacker: model {} is attacked already (or waiting); SCORING_COMPLETE of run {} ignored", v,
              event.getRunId());
          return;
        }
        boolean handledBefore = restart.below(partition, offset);
        if (handledBefore && !v.equals(restart.committed().targetModelVersion())) {
          LOG.info("attacker: SCORING_COMPLETE of model {} was acted on before the restart; not attacking again", v);
          release.accept(v, event.getAttributes().get(AttackerService.SHADOW_MODEL_VERSION));
          return;
        }
        String shadowVersion = event.getAttributes().get(AttackerService.SHADOW_MODEL_VERSION);
        long shadowCount = parseCount(event.getAttributes().get(AttackerService.SHADOW_COUNT));
        pending.add(new PendingAttack(event.getRunId(), event.getCount(), v, shadowVersion, shadowCount,
            System.nanoTime(), partition, offset, handledBefore));
        LOG.info("attacker: scoring of model {} complete: {} vectors announced", v, event.getCount());
      }
      default -> { }
    }
  }

  /** The oldest attack still waiting, or null. */
  PendingAttack next() {
    return pending.peek();
  }

  /** Takes the oldest waiting attack: it is to run now. */
  PendingAttack take() {
    return pending.poll();
  }

  /** That target version is attacked (or its saved attack model resumed): a later SCORING_COMPLETE is ignored. */
  void attacked(String targetVersion) {
    attackedTargets.add(targetVersion);
  }

  /** The attack's bulk verdict run starts: its SCORING_COMPLETE holds the control offset until {@link #finished}. */
  void started(PendingAttack attack) {
    inProgress = attack;
  }

  /** The bulk verdict run under way has committed its output. */
  void finished() {
    inProgress = null;
  }

  /** Whether an attack's bulk verdict run is under way. */
  boolean underWay() {
    return inProgress != null;
  }

  /** The MODEL_TRAINED metrics of that target version (the latest when it announced none). */
  Map<String, Double> metricsOf(String targetVersion) {
    return metricsByVersion.getOrDefault(targetVersion, targetMetrics);
  }

  /** The MODEL_TRAINED attributes of that target version (the latest when it announced none). */
  Map<String, String> attributesOf(String targetVersion) {
    return attributesByVersion.getOrDefault(targetVersion, targetAttributes);
  }

  /** The MODEL_TRAINED training curves of that target version; none: empty. */
  Map<String, java.util.List<Double>> seriesOf(String targetVersion) {
    return seriesByVersion.getOrDefault(targetVersion, Map.of());
  }

  /** Offset of the first SCORING_COMPLETE on that control partition still waiting for its attack. */
  long firstWaiting(TopicPartition tp) {
    long first = inProgress != null && inProgress.controlPartition().equals(tp) ? inProgress.controlOffset()
        : Long.MAX_VALUE;
    for (PendingAttack p : pending) {
      if (!p.handledBefore() && p.controlPartition().equals(tp)) {
        first = Math.min(first, p.controlOffset());
      }
    }
    return first;
  }

  private static long parseCount(String raw) {
    if (raw == null) {
      return 0;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      LOG.warn("attacker: ignoring unreadable {} '{}'", AttackerService.SHADOW_COUNT, raw);
      return 0;
    }
  }
}
