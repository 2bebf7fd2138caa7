package io.seqmia.trainer;

/**
 * The target and shadow models the trainer scores with now (the shadow null when it is disabled, skipped or not
 * trained yet); read by other threads for their versions, replaced and closed by the stage's thread.
 */
final class CurrentModels {

  private TrainedTarget target;
  private TrainedTarget shadow;

  /** The target model, or null before training finished (or a resume loaded one). */
  synchronized TrainedTarget target() {
    return target;
  }

  /** The shadow model, or null. */
  synchronized TrainedTarget shadow() {
    return shadow;
  }

  /** The version of the target, or null. */
  synchronized String targetVersion() {
    return target == null ? null : target.modelVersion();
  }

  /** The version of the shadow model, or null. */
  synchronized String shadowVersion() {
    return shadow == null ? null : shadow.modelVersion();
  }

  /** Scores with these from now on; the models they replace (a TRAIN_NOW's) are closed. */
  void replace(TrainedTarget newTarget, TrainedTarget newShadow) {
    TrainedTarget previous;
    TrainedTarget previousShadow;
    synchronized (this) {
      previous = target;
      previousShadow = shadow;
      target = newTarget;
      shadow = newShadow;
    }
    for (TrainedTarget old : new TrainedTarget[] {previous, previousShadow}) {
      if (old != null) {
        old.close(); // a TRAIN_NOW replaced it
      }
    }
  }

  /** Closes both models; none is current afterwards. */
  synchronized void close() {
    if (target != null) {
      target.close();
      target = null;
    }
    if (shadow != null) {
      shadow.close();
      shadow = null;
    }
  }
}
