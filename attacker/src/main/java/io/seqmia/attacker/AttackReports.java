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

  /** The report's statement of the sample the attacks trained and were evaluated on. */
  static Map<String, Double> sample(int heldCount, int sampled, int evalMax, long seed, VectorSample shadowSample) {
    Map<String, Double> m = new HashMap<>();
    m.put("vectorsHeld", (double) heldCount);
    m.put("vectorsSampled", (double) sampled);
    m.put("evalMax", (double) evalMax);
    m.put("seed", (double) seed);
    if (shadowSample != null) {
      m.put("shadowVectorsHeld", (double) shadowSample.seen());
      m.put("shadowVectorsSampled", (double) shadowSample.size());
    }
    return m;
  }
}
