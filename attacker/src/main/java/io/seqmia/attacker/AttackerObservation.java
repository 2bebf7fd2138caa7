package io.seqmia.attacker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqmia.kernel.ServiceEndpoints;

/** What the attacker's /health and /metrics say (docs/OPERATIONS.md). */
public final class AttackerObservation implements ServiceEndpoints.Observable {

  private final AttackerService attacker;

  public AttackerObservation(AttackerService attacker) {
    this.attacker = attacker;
  }

  /** Up while the loop runs; state LIVE once an attack model gives verdicts, else WAITING; the latest error. */
  @Override
  public ServiceEndpoints.Health health() {
    return attacker.loop().health(attacker.lastRun() != null ? "LIVE" : "WAITING", attacker.lastError());
  }

  /** The loop's meters, verdicts published and their latency (p50, p99). */
  @Override
  public void bindMetrics(MeterRegistry registry) {
    attacker.loop().bindMetrics(registry);
    FunctionCounter.builder("seqmia.verdicts.published", attacker, AttackerService::verdictsPublished)
        .register(registry);
    attacker.publisher().bindMetrics(registry);
  }
}
