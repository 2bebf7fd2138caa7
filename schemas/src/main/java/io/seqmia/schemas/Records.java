package io.seqmia.schemas;

import java.util.List;
import org.apache.avro.Schema;

/** The serde of every record type, built once. */
public final class Records {

  public static final AvroSerde<Click> CLICK = serde(Click.class, Click.getClassSchema());
  public static final AvroSerde<ClickSequence> CLICK_SEQUENCE =
      serde(ClickSequence.class, ClickSequence.getClassSchema());
  public static final AvroSerde<ScoreVector> SCORE_VECTOR =
      serde(ScoreVector.class, ScoreVector.getClassSchema());
  public static final AvroSerde<MembershipVerdict> MEMBERSHIP_VERDICT =
      serde(MembershipVerdict.class, MembershipVerdict.getClassSchema());
  public static final AvroSerde<AttackReport> ATTACK_REPORT =
      serde(AttackReport.class, AttackReport.getClassSchema());
  public static final AvroSerde<ControlEvent> CONTROL_EVENT =
      serde(ControlEvent.class, ControlEvent.getClassSchema());
  public static final AvroSerde<DeadLetter> DEAD_LETTER =
      serde(DeadLetter.class, DeadLetter.getClassSchema());

  private Records() {}

  static List<Schema> currentSchemas() {
    return List.of(
        Click.getClassSchema(),
        ClickSequence.getClassSchema(),
        ScoreVector.getClassSchema(),
        MembershipVerdict.getClassSchema(),
        AttackReport.getClassSchema(),
        ControlEvent.getClassSchema(),
        DeadLetter.getClassSchema());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> serde(
      Class<T> type, Schema schema) {
    // The history store is filled lazily by SchemaHistory; pass a store that defers to it.
    return new AvroSerde<>(type, schema, fingerprint -> SchemaHistory.store().findByFingerprint(fingerprint));
  }
}
