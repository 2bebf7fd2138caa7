package io.seqmia.trainer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A restarted trainer's start: the models its committed offsets name, loaded from {@code model.dir}. */
final class Resume {

  private static final Logger LOG = LoggerFactory.getLogger(Resume.class);

  /**
   * @param below per click-sequences partition, the committed offset
   * @param bulk the interrupted bulk run to finish, or null when it was finished
   */
  record Resumed(TrainedTarget target, TrainedTarget shadow, Map<TopicPartition, Long> below, String runId,
      BulkRun bulk) {}

  private Resume() {}

  /** Null when nothing was committed, or the checkpoint is missing (then a new version is trained; logged). */
  static Resumed from(TrainerConfig config, ScoredOffsets c, List<TopicPartition> partitions) {
    if (c == null) {
      return null; // nothing scored yet under this group id: a fresh start
    }
    Path dir = config.modelDir() == null ? null : config.modelDir().resolve(c.modelVersion());
    if (dir == null || !TrainedTarget.isCheckpoint(dir)) {
      LOG.warn("sequences were scored under model {} (committed offsets of group {}), but {}; training a new "
          + "model version, which scores every sequence again", c.modelVersion(), config.groupId(),
          dir == null ? "no " + TrainerConfig.MODEL_DIR + " is set" : "there is no checkpoint in " + dir);
      return null;
    }
    TrainedTarget loaded = TrainedTarget.load(dir);
    TrainedTarget loadedShadow = null;
    if (c.shadowModelVersion() != null) {
      Path shadowDir = dir.resolve(TrainerService.SHADOW_CHECKPOINT);
      if (TrainedTarget.isCheckpoint(shadowDir)) {
        loadedShadow = TrainedTarget.load(shadowDir);
      } else {
        LOG.warn("the shadow model {} has no checkpoint in {}; shadow-side sequences are not scored",
            c.shadowModelVersion(), shadowDir);
      }
    }
    Map<TopicPartition, Long> below = new HashMap<>();
    for (TopicPartition tp : partitions) {
      below.put(tp, c.offsets().getOrDefault(tp, 0L));
    }
    String runId = c.runId() == null ? "resumed" : c.runId();
    BulkRun bulk = null;
    if (!c.progress().done()) {
      Map<String, String> attributes = new HashMap<>();
      attributes.put(TrainerService.MODEL_VERSION, loaded.modelVersion());
      if (c.shadowModelVersion() != null) {
        attributes.put(TrainerService.SHADOW_MODEL_VERSION, c.shadowModelVersion());
      }
      bulk = new BulkRun(runId, below, attributes, c.progress(), true);
    }
    LOG.info("resumed model {} (shadow {}) from {} without retraining; below offsets {} {}", loaded.modelVersion(),
        loadedShadow == null ? "none" : loadedShadow.modelVersion(), dir, below, bulk == null
            ? "every sequence was scored, later ones are scored live"
            : "the bulk run got to " + c.progress().encode() + " and is finished after the re-read");
    return new Resumed(loaded, loadedShadow, below, runId, bulk);
  }
}
