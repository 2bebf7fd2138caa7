package io.seqmia.attacker;

import io.seqmia.attacker.report.ReportWriter;
import io.seqmia.schemas.AttackReport;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an attack leaves on the local disk: its attack model under {@code attacker.model.dir} and its report under
 * {@code attacker.report.dir} (each only when configured). A failure is logged, never thrown: the verdicts are out.
 */
final class AttackFiles {

  private static final Logger LOG = LoggerFactory.getLogger(AttackFiles.class);

  private final AttackerConfig config;

  AttackFiles(AttackerConfig config) {
    this.config = config;
  }

  /** Saves the run's labelled-mode MLP under attacker.model.dir; a failed save only costs a re-attack later. */
  void saveModel(AttackRun run) {
    if (config.modelDir() == null) {
      return;
    }
    Path dir = AttackCheckpoint.directoryFor(config.modelDir(), run.attackModelVersion());
    try {
      AttackCheckpoint.save(run, dir);
      LOG.info("attacker: attack model {} saved in {}", run.attackModelVersion(), dir);
    } catch (RuntimeException e) {
      LOG.error("attacker: could not save attack model {} in {} ({}); a restart will train it again",
          run.attackModelVersion(), dir, e.toString());
    }
  }

  /** Writes the report, the run's per-sequence scores and its plots under attacker.report.dir. */
  void writeReport(AttackReport report, long verdictsExpected, long verdictsPublished, AttackRun run) {
    if (config.reportDir() == null) {
      return;
    }
    try {
      ReportWriter.write(config.reportDir(), report, Map.of(), Map.of(), verdictsExpected, verdictsPublished,
          run.artefacts(), run.skipped(), config.seed());
      LOG.info("attacker: report written to {}", config.reportDir());
    } catch (RuntimeException e) {
      LOG.error("attacker: could not write the report to {}: {}", config.reportDir(), e.toString());
    }
  }
}
