package io.seqmia.cli.progress;

import io.seqmia.attacker.AttackerService;
import io.seqmia.cli.progress.ProgressDisplay.Phase;
import io.seqmia.schemas.ModelRole;
import io.seqmia.streams.StreamsCounters;
import io.seqmia.trainer.EpochProgress;
import io.seqmia.trainer.TrainerPhase;
import io.seqmia.trainer.TrainerService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where each stage stands, as {@link ProgressDisplay} phases: the demo shows them all, a stage command its own. One
 * copy of how a stage's state reads as progress.
 */
public final class StagePhases {

  static final String DONE = "done";
  static final String WAITING = "waiting";

  private StagePhases() {}

  /** Sessions closed by the streams-app (emitted, or too short to emit), of {@code total} (-1: unknown). */
  public static Phase sessions(StreamsCounters counters, long total, String state) {
    Map<String, Long> c = counters.snapshot();
    long closed = c.getOrDefault("sessionsEmitted", 0L) + c.getOrDefault("tooShort", 0L);
    return new Phase("sessions", closed, total, "closed", state);
  }

  /** {@code seqmia streams}: sessions closed and augmented variants emitted, while it runs. */
  public static List<Phase> streams(StreamsCounters counters) {
    return List.of(sessions(counters, -1, ""),
        new Phase("variants", counters.snapshot().getOrDefault("augmentedEmitted", 0L), -1, "emitted", ""));
  }

  /** The trainer's models: target and shadow epochs, then the scoring of every held sequence. */
  public static List<Phase> models(TrainerService trainer, int epochs, boolean shadowEnabled) {
    List<Phase> phases = new ArrayList<>();
    TrainerPhase phase = trainer.phase();
    boolean collected = phase != TrainerPhase.COLLECTING;
    boolean scored = phase == TrainerPhase.LIVE || phase == TrainerPhase.STOPPED;
    EpochProgress epoch = trainer.latestEpoch();
    ModelRole role = trainer.latestEpochRole();
    boolean shadowTraining = role == ModelRole.SHADOW;
    boolean targetDone = shadowTraining || phase == TrainerPhase.SCORING || scored;
    phases.add(new Phase("target", targetDone ? epochs : role == null || epoch == null ? 0 : epoch.epoch(), epochs,
        "epochs", targetDone ? DONE : collected ? "" : WAITING));
    if (shadowEnabled) {
      boolean shadowDone = phase == TrainerPhase.SCORING || scored;
      phases.add(new Phase("shadow", shadowDone ? epochs : shadowTraining && epoch != null ? epoch.epoch() : 0,
          epochs, "epochs", shadowDone ? DONE : shadowTraining ? "" : WAITING));
    }
    boolean scoring = phase == TrainerPhase.SCORING || scored;
    phases.add(new Phase("scoring", trainer.scoredCount(), scoring ? trainer.sequencesHeld() : -1, "vectors",
        scored ? DONE : scoring ? "" : WAITING));
    return phases;
  }

  /**
   * {@code seqmia trainer}: the sequences collected, the models, then the live scoring of each new sequence (its
   * count includes the bulk run's vectors).
   */
  public static List<Phase> trainer(TrainerService trainer, int epochs, boolean shadowEnabled) {
    TrainerPhase phase = trainer.phase();
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase("collect", trainer.sequencesHeld(), -1, "sequences",
        phase == TrainerPhase.COLLECTING ? "" : DONE));
    phases.addAll(models(trainer, epochs, shadowEnabled));
    phases.add(new Phase("live", trainer.scoredCount(), -1, "vectors", phase == TrainerPhase.LIVE ? "" : WAITING));
    return phases;
  }

  /** Verdicts published; {@code state} "" while the attacker gives verdicts. */
  public static Phase verdicts(AttackerService attacker, String state) {
    return new Phase("attack", attacker.verdictsPublished(), -1, "verdicts", state);
  }

  /** {@code seqmia attacker}: its verdicts, waiting until an attack model is trained. */
  public static List<Phase> attacker(AttackerService attacker) {
    return List.of(verdicts(attacker, attacker.lastRun() == null ? WAITING : ""));
  }
}
