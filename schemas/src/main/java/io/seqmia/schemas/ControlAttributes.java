package io.seqmia.schemas;

/**
 * The control protocol's attribute and metric names ({@link ControlEvent#getAttributes()}), and the model roles
 * of {@link ScoreVector#getModelRole()}, declared once for every stage. docs/ARCHITECTURE.md describes the
 * events that carry them.
 */
public final class ControlAttributes {

  /** MODEL_TRAINED, SCORING_COMPLETE, VOCABULARY, ATTACK_COMPLETE: the target (or scoring) model's version. */
  public static final String MODEL_VERSION = "modelVersion";
  /** MODEL_TRAINED, SCORING_COMPLETE: the shadow model's version and how many vectors it scored. */
  public static final String SHADOW_MODEL_VERSION = "shadowModelVersion";
  public static final String SHADOW_COUNT = "shadowCount";
  /** VOCABULARY: the role of the model whose vocabulary it is, and the vocabulary index of its first item. */
  public static final String MODEL_ROLE = "modelRole";
  public static final String FROM = "from";
  /** MODEL_TRAINED: "true" when the model trained on the whole data set (every partition flushed). */
  public static final String COMPLETE = "complete";
  /** MODEL_TRAINED: the folder of the model's checkpoint. */
  public static final String CHECKPOINT = "checkpoint";
  /** ATTACK_COMPLETE: the attack model's version, and whether the attack ran (ok / failed, with the error). */
  public static final String ATTACK_MODEL_VERSION = "attackModelVersion";
  public static final String STATUS = "status";
  public static final String ERROR = "error";
  public static final String STATUS_OK = "ok";
  public static final String STATUS_FAILED = "failed";

  /** {@link ScoreVector#getModelRole()}: the model that scored the sequence. */
  public static final String ROLE_TARGET = "target";
  public static final String ROLE_SHADOW = "shadow";

  private ControlAttributes() {}
}
