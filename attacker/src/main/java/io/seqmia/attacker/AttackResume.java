package io.seqmia.attacker;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A restarted attacker's start: the saved attack model its committed offsets name, when it can be used. */
final class AttackResume {

  private static final Logger LOG = LoggerFactory.getLogger(AttackResume.class);

  private AttackResume() {}

  /**
   * The saved attack model to give live verdicts with, or null: nothing committed, no saved model, or its bulk
   * verdict run was interrupted (then the attack runs again on the re-read SCORING_COMPLETE, publishing only the
   * verdicts not committed yet, and the report it never published).
   */
  static AttackRun load(AttackerConfig config, VerdictOffsets c) {
    if (c == null) {
      return null; // nothing committed under this group id: a fresh start
    }
    if (!c.progress().done()) {
      LOG.warn("attacker: the bulk verdict run of attack model {} on target {} was interrupted at {}; the attack runs"
          + " again when its SCORING_COMPLETE is re-read and publishes what was not committed", c.attackModelVersion(),
          c.targetModelVersion(), c.progress().encode());
      return null;
    }
    Path dir = config.modelDir() == null ? null : AttackCheckpoint.directoryFor(config.modelDir(), c.attackModelVersion());
    if (dir == null || !AttackCheckpoint.isCheckpoint(dir)) {
      LOG.warn("attacker: verdicts of attack model {} on target {} were committed (group {}), but {}; the attack"
          + " runs again when its SCORING_COMPLETE is re-read, and only vectors past offsets {} get verdicts",
          c.attackModelVersion(), c.targetModelVersion(), config.groupId(),
          dir == null ? "no " + AttackerConfig.MODEL_DIR + " is set" : "there is no saved attack model in " + dir,
          c.offsets());
      return null;
    }
    AttackRun loaded;
    try {
      loaded = AttackCheckpoint.load(dir);
    } catch (RuntimeException e) {
      LOG.error("attacker: cannot load the saved attack model in {} ({}); the attack runs again instead", dir,
          e.getMessage());
      return null;
    }
    if (!loaded.attackModelVersion().equals(c.attackModelVersion())
        || !loaded.targetModelVersion().equals(c.targetModelVersion())) {
      LOG.error("attacker: {} holds attack model {} on target {}, not {} on {}; the attack runs again instead", dir,
          loaded.attackModelVersion(), loaded.targetModelVersion(), c.attackModelVersion(), c.targetModelVersion());
      loaded.close();
      return null;
    }
    LOG.info("attacker: resumed attack model {} on target {} from {} without re-attacking; verdicts below offsets {}"
        + " were committed, later vectors get theirs live", c.attackModelVersion(), c.targetModelVersion(), dir,
        c.offsets());
    return loaded;
  }
}
