package io.seqmia.attacker;

import io.seqmia.schemas.AttackReport;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds the {@link AttackReport} of an attack run: the service publishes it, {@code seqmia report} writes it. */
public final class AttackReports {

  private AttackReports() {}

  public static AttackReport of(String runId, AttackRun run, Map<String, Double> targetMetrics,
      Map<String, String> targetAttributes, long verdictsExpected, long verdictsPublished) {
    return AttackReport.newBuilder()
        .setRunId(runId)
        .setCreatedAt(Instant.now())
        .setTargetModelVersion(run.targetModelVersion())
        .setAttackModelVersion(run.attackModelVersion())
        .setTarget(new HashMap<>(targetMetrics))
        .setTargetAttributes(new HashMap<>(targetAttributes))
        .setAttacks(run.results())
        .setVerdictsExpected(verdictsExpected)
        .setVerdictsPublished(verdictsPublished)
        .build();
  }
}
