package io.seqmia.attacker;

import io.seqmia.kernel.BulkProgress;
import io.seqmia.kernel.OffsetMetadata;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the attacker's committed offsets mean: every target vector of {@code targetModelVersion} below them
 * on {@code score-vectors} has its verdict from {@code attackModelVersion}, and every SCORING_COMPLETE
 * below them on {@code control} has been acted on. The versions travel as the offsets' metadata, committed
 * in the same transaction as the verdicts, so offsets and verdicts can never disagree. While the attack's bulk
 * verdict run is under way (it runs in chunks), {@code progress} says how far it got: the vectors below the
 * offsets with a sequence id up to {@code verdicts:<id>} have their verdict; {@link BulkProgress#DONE}: all of
 * them, and the AttackReport and ATTACK_COMPLETE are out.
 *
 * <p>Format {@value #FORMAT}: {@code seqmia-verdicts-v2;attack=<v>;target=<v>;bulk=<progress>} (URL-encoded
 * values); {@value #FORMAT_V1} (without {@code bulk}, written when a bulk run was one transaction) reads as done.
 */
public record VerdictOffsets(String attackModelVersion, String targetModelVersion, BulkProgress progress,
    Map<TopicPartition, Long> offsets) {

  /** Prefix of the metadata string: a format version, so a later layout can be told apart. */
  static final String FORMAT = "seqmia-verdicts-v2";
  static final String FORMAT_V1 = "seqmia-verdicts-v1";
  /** The one phase of a bulk verdict run. */
  static final String PHASE = "verdicts";
  static final java.util.List<String> PHASES = java.util.List.of(PHASE);
  private static final String ATTACK = "attack=";
  private static final String TARGET = "target=";

  public VerdictOffsets {
    if (attackModelVersion == null || attackModelVersion.isBlank()) {
      throw new IllegalArgumentException("attack model version must not be blank");
    }
    if (targetModelVersion == null || targetModelVersion.isBlank()) {
      throw new IllegalArgumentException("target model version must not be blank");
    }
    if (progress == null) {
      throw new IllegalArgumentException("bulk progress must not be null");
    }
    offsets = Map.copyOf(offsets);
  }

  /** A finished run (the form before bulk runs were chunked). */
  public VerdictOffsets(String attackModelVersion, String targetModelVersion, Map<TopicPartition, Long> offsets) {
    this(attackModelVersion, targetModelVersion, BulkProgress.DONE, offsets);
  }

  /**
   * The offset metadata: {@code seqmia-verdicts-v1;attack=<version>;target=<version>}, each version
   * URL-encoded (attack versions contain '/', and a version may contain ';').
   */
  public String metadata() {
    Map<String, String> f = new java.util.LinkedHashMap<>();
    f.put("attack", attackModelVersion);
    f.put("target", targetModelVersion);
    f.put("bulk", progress.encode());
    return OffsetMetadata.format(FORMAT, f);
  }

  /**
   * Reads committed offsets; null when none were committed or none carries this format (offsets committed
   * by something else under the same group id are ignored).
   *
   * @throws IllegalStateException when two partitions name different versions: every commit covers all
   *     partitions at once, so that means two attackers share the group id
   */
  public static VerdictOffsets of(Map<TopicPartition, OffsetAndMetadata> committed) {
    String attack = null;
    String target = null;
    BulkProgress progress = null;
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
      OffsetAndMetadata om = e.getValue();
      String[] versions = om == null ? null : parse(om.metadata());
      if (versions == null) {
        continue;
      }
      if (attack != null && (!attack.equals(versions[0]) || !target.equals(versions[1]))) {
        throw new IllegalStateException("committed offsets name two attack models (" + attack + " on " + target
            + " and " + versions[0] + " on " + versions[1] + "); is " + AttackerConfig.GROUP_ID
            + " shared with another attacker?");
      }
      attack = versions[0];
      target = versions[1];
      progress = BulkProgress.parse(versions[2]);
      offsets.put(e.getKey(), om.offset());
    }
    return attack == null ? null : new VerdictOffsets(attack, target, progress, offsets);
  }

  /** {attack, target, progress}, or null when the string is not ours. */
  private static String[] parse(String metadata) {
    if (metadata == null) {
      return null;
    }
    Map<String, String> v2 = OffsetMetadata.parse(FORMAT, metadata);
    if (v2 != null) {
      String a = v2.get("attack");
      String t = v2.get("target");
      String b = v2.get("bulk");
      return a == null || a.isEmpty() || t == null || t.isEmpty() || BulkProgress.parse(b) == null ? null
          : new String[] {a, t, b};
    }
    String[] parts = metadata.split(";", -1);
    if (parts.length != 3 || !parts[0].equals(FORMAT_V1) || !parts[1].startsWith(ATTACK) || !parts[2].startsWith(TARGET)
        || parts[1].length() == ATTACK.length() || parts[2].length() == TARGET.length()) {
      return null;
    }
    try {
      return new String[] {decode(parts[1].substring(ATTACK.length())), decode(parts[2].substring(TARGET.length())),
          BulkProgress.DONE.encode()};
    } catch (IllegalArgumentException e) {
      return null; // a malformed escape: not written by us
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
