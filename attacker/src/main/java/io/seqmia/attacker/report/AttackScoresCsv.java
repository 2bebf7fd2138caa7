package io.seqmia.attacker.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code attack-scores.csv}: one row per evaluated sequence per attack and mode, so anyone can recompute
 * every metric of the report. RFC 4180: comma-separated, fields holding a comma, quote or line break are
 * quoted with inner quotes doubled, lines end in CRLF-or-LF (written as LF), UTF-8. Scores are written with
 * {@link Double#toString(double)}, which reads back to the identical double.
 */
public final class AttackScoresCsv {

  public static final String FILE = "attack-scores.csv";
  public static final String HEADER = "attack,mode,sequence_id,variant,label,score";
  private static final int FIELDS = 6;
  private static final String MEMBER_LABEL = "1";
  private static final String NON_MEMBER_LABEL = "0";

  private AttackScoresCsv() {}

  /** Writes every attack's rows, in list order; each attack+mode must appear once and have at least one row. */
  public static void write(Path file, List<AttackScores> all) {
    if (file == null || all == null) {
      throw new IllegalArgumentException("file and attack scores must not be null");
    }
    Set<String> seen = new HashSet<>();
    for (AttackScores scores : all) {
      if (scores == null) {
        throw new IllegalArgumentException("attack scores list holds a null entry");
      }
      if (!seen.add(scores.attack() + "\u0000" + scores.mode())) {
        throw new IllegalArgumentException("attack " + scores.label() + " appears twice; merge its rows first");
      }
      if (scores.rows().isEmpty()) {
        throw new IllegalArgumentException("attack " + scores.label() + " has no rows to write");
      }
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(HEADER);
        out.write('\n');
        for (AttackScores scores : all) {
          String prefix = quote(scores.attack()) + ',' + quote(scores.mode()) + ',';
          for (AttackScores.Row row : scores.rows()) {
            out.write(prefix);
            out.write(quote(row.sequenceId()));
            out.write(',');
            out.write(row.variant());
            out.write(',');
            out.write(row.member() ? MEMBER_LABEL : NON_MEMBER_LABEL);
            out.write(',');
            out.write(Double.toString(row.score()));
            out.write('\n');
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a file written by {@link #write}: rows grouped by attack+mode in order of first appearance, row
   * order kept. A malformed line fails with its line number.
   */
  public static List<AttackScores> read(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
    CsvRecords records = new CsvRecords(text, file.toString());
    List<String> header = records.next();
    if (header == null || !String.join(",", header).equals(HEADER)) {
      throw new IllegalArgumentException(file + ":1: header must be exactly '" + HEADER + "', got '"
          + (header == null ? "" : String.join(",", header)) + "'");
    }
    Map<List<String>, List<AttackScores.Row>> groups = new LinkedHashMap<>();
    List<String> fields;
    while (true) {
      int line = records.nextLine();
      fields = records.next();
      if (fields == null) {
        break;
      }
      if (fields.size() == 1 && fields.get(0).isEmpty()) {
        continue; // a blank line, e.g. a trailing one
      }
      String where = file + ":" + line + ": ";
      if (fields.size() != FIELDS) {
        throw new IllegalArgumentException(where + "expected " + FIELDS + " fields (" + HEADER + "), got "
            + fields.size());
      }
      boolean member = switch (fields.get(4)) {
        case MEMBER_LABEL -> true;
        case NON_MEMBER_LABEL -> false;
        default -> throw new IllegalArgumentException(where + "label must be 1 (member) or 0 (non-member), got '"
            + fields.get(4) + "'");
      };
      double score;
      try {
        score = Double.parseDouble(fields.get(5));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + "score is not a number: '" + fields.get(5) + "'");
      }
      try {
        AttackScores.Row row = new AttackScores.Row(fields.get(2), fields.get(3), member, score);
        if (fields.get(0).isBlank() || fields.get(1).isBlank()) {
          throw new IllegalArgumentException("attack and mode must not be blank");
        }
        groups.computeIfAbsent(List.of(fields.get(0), fields.get(1)), k -> new ArrayList<>()).add(row);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    List<AttackScores> out = new ArrayList<>();
    groups.forEach((key, rows) -> out.add(new AttackScores(key.get(0), key.get(1), rows)));
    return out;
  }

  static String quote(String field) {
    boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
        || field.indexOf('\r') >= 0 || (!field.isEmpty()
        && (Character.isWhitespace(field.charAt(0)) || Character.isWhitespace(field.charAt(field.length() - 1))));
    return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  /** An RFC 4180 record reader that knows the line each record starts on (quoted fields may span lines). */
  private static final class CsvRecords {
    private final String text;
    private final String name;
    private int pos;
    private int line = 1;

    CsvRecords(String text, String name) {
      this.text = text.startsWith("\uFEFF") ? text.substring(1) : text; // tolerate a byte-order mark
      this.name = name;
    }

    int nextLine() {
      return line;
    }

    /** The next record's fields, or null at the end of the text. */
    List<String> next() {
      if (pos >= text.length()) {
        return null;
      }
      int startLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (quoted) {
          if (c == '"') {
            if (pos < text.length() && text.charAt(pos) == '"') {
              field.append('"');
              pos++;
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
        } else if (c == '"') {
          if (field.length() > 0 || wasQuoted) {
            throw new IllegalArgumentException(name + ":" + line + ": a quote inside an unquoted field; quote the "
                + "whole field and double inner quotes");
          }
          quoted = true;
          wasQuoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          wasQuoted = false;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
          }
          line++;
          fields.add(field.toString());
          return fields;
        } else {
          if (wasQuoted) {
            throw new IllegalArgumentException(name + ":" + line + ": text after a closing quote");
          }
          field.append(c);
        }
      }
      if (quoted) {
        throw new IllegalArgumentException(name + ":" + startLine + ": quoted field not closed before the end of "
            + "the file");
      }
      fields.add(field.toString());
      return fields;
    }
  }
}
