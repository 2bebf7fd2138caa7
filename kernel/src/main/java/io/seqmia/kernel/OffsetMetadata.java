package io.seqmia.kernel;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Committed-offset metadata of the form {@code <format>;key=value;key=value}, values URL-encoded (versions and
 * sequence ids may contain ';' or '='). The stages name what their committed offsets mean with it.
 */
public final class OffsetMetadata {

  private OffsetMetadata() {}

  public static String format(String format, Map<String, String> fields) {
    StringBuilder s = new StringBuilder(format);
    fields.forEach((k, v) -> s.append(';').append(k).append('=')
        .append(v == null ? "" : URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return s.toString();
  }

  /**
   * The fields of a metadata string of that format, in order (an empty value reads as ""); null when the string
   * is null, of another format, or malformed (not written by us).
   */
  public static Map<String, String> parse(String format, String metadata) {
    if (metadata == null) {
      return null;
    }
    String[] parts = metadata.split(";", -1);
    if (!parts[0].equals(format)) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        return null;
      }
      try {
        out.put(parts[i].substring(0, eq), URLDecoder.decode(parts[i].substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return out;
  }
}
