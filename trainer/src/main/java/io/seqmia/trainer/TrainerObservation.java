package io.seqmia.trainer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqmia.kernel.ServiceEndpoints;

/** What the trainer's /health and /metrics say (docs/OPERATIONS.md). */
public final class TrainerObservation implements ServiceEndpoints.Observable {

  private final TrainerService trainer;

  public TrainerObservation(TrainerService trainer) {
    this.trainer = trainer;
  }

  /** Up while the loop runs; its state is the phase. */
  @Override
  public ServiceEndpoints.Health health() {
    return trainer.loop().health(trainer.phase().name(), null);
  }

  /** The loop's meters, the phase, sequences held, vectors scored and the latest epoch's progress. */
  @Override
  public void bindMetrics(MeterRegistry registry) {
    trainer.loop().bindMetrics(registry);
    for (TrainerPhase p : TrainerPhase.values()) {
      Gauge.builder("seqmia.trainer.phase", trainer, t -> t.phase() == p ? 1 : 0).tag("phase", p.name())
          .description("1 for the phase the trainer is in").register(registry);
    }
    Gauge.builder("seqmia.trainer.sequences.held", trainer.store(), SequenceStore::size).register(registry);
    FunctionCounter.builder("seqmia.trainer.vectors.scored", trainer, TrainerService::scoredCount)
        .register(registry);
    Gauge.builder("seqmia.trainer.epoch", trainer, t -> t.latestEpoch() == null ? 0 : t.latestEpoch().epoch())
        .description("the latest finished training epoch").register(registry);
    Gauge.builder("seqmia.trainer.epochs", trainer, t -> t.latestEpoch() == null ? 0 : t.latestEpoch().epochs())
        .register(registry);
    Gauge.builder("seqmia.trainer.tokens.per.second", trainer,
        t -> t.latestEpoch() == null ? 0 : t.latestEpoch().tokensPerSecond()).register(registry);
  }
}
