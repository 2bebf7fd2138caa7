package io.seqmia.schemas;

/**
 * The control protocol's attribute and metric names ({@link ControlEvent#getAttributes()}), declared once for every
 * stage (the model roles are the Avro enum {@link ModelRole}, read through {@link ModelRoles}).
 * docs/ARCHITECTURE.md describes the events that carry them.
 */
public final class ControlAttributes {

  /** MODEL_TRAINED, SCORING_COMPLETE, VOCABULARY, ATTACK_COMPLETE: the target (or scoring) model's version. */
  public static final String MODEL_VERSION = "modelVersion";
  /** MODEL_TRAINED, SCORING_COMPLETE: the shadow model's version and how many vectors it scored. */
  public static final String SHADOW_MODEL_VERSION = "shadowModelVersion";
  public static final String SHADOW_COUNT = "shadowCount";
  /**
   * VOCABULARY: the role of the model whose vocabulary it is ({@link ModelRoles#wireName}), and the vocabulary
   * index of its first item.
   */
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

  /** MODEL_TRAINED attributes: the target's preset and the device it trained on. */
  public static final String PRESET = "preset";
  public static final String DEVICE = "device";
  /** MODEL_TRAINED attributes: the member sample ("all" or its size N) and its seed. */
  public static final String MEMBER_SAMPLE = "memberSample";
  public static final String ALL_MEMBERS = "all";
  public static final String SAMPLE_SEED = "sampleSeed";
  /** MODEL_TRAINED metrics: sequences held when training began, and those the SESSIONS_FLUSHED events announced. */
  public static final String SEQUENCES_HELD = "sequencesHeld";
  public static final String SEQUENCES_EXPECTED = "sequencesExpected";
  /**
   * MODEL_TRAINED metric: TARGET_MEMBER sequences held ({@code shadow.membersAvailable}: SHADOW_MEMBER); the
   * model trained on {@code trainSequences} of them (all, or a seeded sample).
   */
  public static final String MEMBERS_AVAILABLE = "membersAvailable";
  /**
   * MODEL_TRAINED metric: the mean over the members of each one's mean NLL (the score vectors' {@code nll_mean}
   * averaged): Yeom et al.'s "average training loss" on the scale the loss-threshold attack compares.
   */
  public static final String MEMBER_SEQUENCE_NLL = "memberSequenceNll";
  /** MODEL_TRAINED metrics: clicks partitions the latest run flushed, of how many. */
  public static final String PARTITIONS_FLUSHED = "partitionsFlushed";
  public static final String CLICKS_PARTITIONS = "clicksPartitions";
  /** Prefix of the shadow model's metrics and series in MODEL_TRAINED (e.g. {@code shadow.memberNll}). */
  public static final String SHADOW_PREFIX = "shadow.";

  private ControlAttributes() {}
}
