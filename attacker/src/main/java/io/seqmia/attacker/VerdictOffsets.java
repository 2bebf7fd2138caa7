package io.seqmia.attacker;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the attacker's committed offsets mean: every target vector of {@code targetModelVersion} below them
 * on {@code score-vectors} has its verdict from {@code attackModelVersion}, and every SCORING_COMPLETE
 * below them on {@code control} has been acted on. The versions travel as the offsets' metadata, committed
 * in the same transaction as the verdicts, so offsets and verdicts can never disagree.
 */
public record VerdictOffsets(String attackModelVersion, String targetModelVersion,
    Map<TopicPartition, Long> offsets) {

  /** Prefix of the metadata string: a format version, so a later layout can be told apart. */
  static final String FORMAT = "seqmia-verdicts-v1";
  private static final String ATTACK = "attack=";
  private static final String TARGET = "target=";

  public VerdictOffsets {
    if (attackModelVersion == null || attackModelVersion.isBlank()) {
      throw new IllegalArgumentException("attack model version must not be blank");
    }
    if (targetModelVersion == null || targetModelVersion.isBlank()) {
      throw new IllegalArgumentException("target model version must not be blank");
    }
    offsets = Map.copyOf(offsets);
  }

  /**
   * The offset metadata: {@code seqmia-verdicts-v1;attack=<version>;target=<version>}, each version
   * URL-encoded (attack versions contain '/', and a version may contain ';').
   */
  public String metadata() {
    return FORMAT + ";" + ATTACK + encode(attackModelVersion) + ";" + TARGET + encode(targetModelVersion);
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
      offsets.put(e.getKey(), om.offset());
    }
    return attack == null ? null : new VerdictOffsets(attack, target, offsets);
  }

  /** {attack, target}, or null when the string is not ours. */
  private static String[] parse(String metadata) {
    if (metadata == null) {
      return null;
    }
    String[] parts = metadata.split(";", -1);
    if (parts.length != 3 || !parts[0].equals(FORMAT) || !parts[1].startsWith(ATTACK) || !parts[2].startsWith(TARGET)
        || parts[1].length() == ATTACK.length() || parts[2].length() == TARGET.length()) {
      return null;
    }
    try {
      return new String[] {decode(parts[1].substring(ATTACK.length())), decode(parts[2].substring(TARGET.length()))};
    } catch (IllegalArgumentException e) {
      return null; // a malformed escape: not written by us
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
