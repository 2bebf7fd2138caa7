package io.seqmia.cli;

import io.seqmia.data.ClickFormat;
import io.seqmia.data.ClickReader;
import io.seqmia.data.ClickReaders;
import io.seqmia.data.MovieLensReader;
import io.seqmia.data.RejectListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --format} and {@code --gap-minutes}: how commands that read click files open them. A picocli
 * mixin; the values are checked when used, and a bad one stops the command with a message naming the flag
 * (an IllegalArgumentException, which {@link Seqmia.ErrorHandler} turns into exit code 2).
 */
public final class FormatOption {

  /** The {@code --format} value that asks for detection, same as leaving the flag out. */
  static final String AUTO = "auto";
  static final long DEFAULT_GAP_MINUTES = MovieLensReader.DEFAULT_SESSION_GAP.toMinutes();

  @Option(names = "--format", paramLabel = "F", completionCandidates = Names.class,
      description = "Click file format: ${COMPLETION-CANDIDATES} "
          + "(default: detected from each file's first lines).")
  String format;

  @Option(names = "--gap-minutes", paramLabel = "M", defaultValue = "30",
      description = "Inactivity that starts a new session where the format has no sessions (MovieLens); "
          + "default ${DEFAULT-VALUE}.")
  long gapMinutes = DEFAULT_GAP_MINUTES;

  /** The named format, or null to detect it per file. */
  ClickFormat formatOrNull() {
    if (format == null || format.strip().equalsIgnoreCase(AUTO)) {
      return null;
    }
    try {
      return ClickFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--format " + format + ": " + e.getMessage() + " (or " + AUTO + ")", e);
    }
  }

  Duration sessionGap() {
    if (gapMinutes <= 0) {
      throw new IllegalArgumentException("--gap-minutes " + gapMinutes + ": must be a positive number of minutes");
    }
    return Duration.ofMinutes(gapMinutes);
  }

  /** The files, read in order as one source. */
  ClickReader open(List<Path> files, RejectListener listener) {
    return ClickReaders.concat(files, formatOrNull(), listener, sessionGap());
  }

  /** The format each file is read as (named or detected), for display. */
  List<ClickFormat> formatsOf(List<Path> files) {
    ClickFormat named = formatOrNull();
    return files.stream().map(f -> ClickReaders.formatOf(f, named)).toList();
  }

  /** The format names for {@code --format}'s help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(ClickFormat.values()).map(ClickFormat::cliName).iterator();
    }
  }
}
