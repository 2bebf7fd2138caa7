package io.seqmia.trainer;

import org.slf4j.Logger;

/** Called after every training epoch. */
@FunctionalInterface
public interface EpochListener {

  void onEpoch(EpochProgress progress);

  /** Checked between batches; true stops training early (e.g. the service is closing). */
  default boolean stopRequested() {
    return false;
  }

  static EpochListener none() {
    return p -> {};
  }

  static EpochListener logTo(Logger log) {
    return p -> log.info("target model {}", p);
  }
}
