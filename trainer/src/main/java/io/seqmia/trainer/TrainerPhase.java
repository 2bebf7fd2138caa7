package io.seqmia.trainer;

/** Where the trainer service stands. */
public enum TrainerPhase {
  /** Collecting click sequences until every clicks partition is flushed (or the idle timeout). */
  COLLECTING,
  /** Training the target model. */
  TRAINING,
  /** Scoring every collected target-side sequence. */
  SCORING,
  /** Scoring each new target-side sequence as it arrives. */
  LIVE,
  /** Stopped. */
  STOPPED
}
