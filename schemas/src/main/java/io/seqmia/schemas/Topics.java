package io.seqmia.schemas;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The only place topic names live. Each topic is paired with its key and value serdes; an optional
 * prefix (e.g. {@code "audit1."}) namespaces a whole deployment on a shared cluster.
 */
public final class Topics {

  public static final String CLICKS = "clicks";
  public static final String CLICK_SEQUENCES = "click-sequences";
  public static final String SCORE_VECTORS = "score-vectors";
  public static final String MEMBERSHIP_VERDICTS = "membership-verdicts";
  public static final String ATTACK_REPORTS = "attack-reports";
  public static final String CONTROL = "control";
  public static final String CLICKS_DLQ = "clicks-dlq";
  public static final String DEAD_LETTERS = "dead-letters";

  private static final Serde<String> KEY = Serdes.String();

  private final String prefix;

  private Topics(String prefix) {
    this.prefix = prefix == null ? "" : prefix;
  }

  public static Topics defaults() {
    return new Topics("");
  }

  public static Topics withPrefix(String prefix) {
    if (prefix != null && !prefix.matches("[a-zA-Z0-9._-]*")) {
      throw new IllegalArgumentException(
          "topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    return new Topics(prefix);
  }

  public String prefix() {
    return prefix;
  }

  /** Click events keyed by session id; record timestamp = event time. */
  public Topic<String, Click> clicks() {
    return new Topic<>(prefix + CLICKS, KEY, Records.CLICK);
  }

  /** Closed sessions and their augmented variants, keyed by sequence id. */
  public Topic<String, ClickSequence> clickSequences() {
    return new Topic<>(prefix + CLICK_SEQUENCES, KEY, Records.CLICK_SEQUENCE);
  }

  /** One score vector per sequence and scoring model, keyed by sequence id. */
  public Topic<String, ScoreVector> scoreVectors() {
    return new Topic<>(prefix + SCORE_VECTORS, KEY, Records.SCORE_VECTOR);
  }

  /** One live verdict per scored target sequence, keyed by sequence id. */
  public Topic<String, MembershipVerdict> membershipVerdicts() {
    return new Topic<>(prefix + MEMBERSHIP_VERDICTS, KEY, Records.MEMBERSHIP_VERDICT);
  }

  /** Attack summaries, keyed by run id. */
  public Topic<String, AttackReport> attackReports() {
    return new Topic<>(prefix + ATTACK_REPORTS, KEY, Records.ATTACK_REPORT);
  }

  /** Phase signals between stages, keyed by run id. One partition keeps them in order. */
  public Topic<String, ControlEvent> control() {
    return new Topic<>(prefix + CONTROL, KEY, Records.CONTROL_EVENT);
  }

  /** Rejected input lines and records, with the reason. */
  public Topic<String, DeadLetter> clicksDlq() {
    return new Topic<>(prefix + CLICKS_DLQ, KEY, Records.DEAD_LETTER);
  }

  /**
   * Records of the inner topics (click-sequences, score-vectors, control) that the trainer or the attacker could
   * not read, with where they came from and why; keyed by the topic they came from.
   */
  public Topic<String, DeadLetter> deadLetters() {
    return new Topic<>(prefix + DEAD_LETTERS, KEY, Records.DEAD_LETTER);
  }

  public List<Topic<String, ?>> all() {
    return List.of(clicks(), clickSequences(), scoreVectors(), membershipVerdicts(), attackReports(),
        control(), clicksDlq(), deadLetters());
  }
}
