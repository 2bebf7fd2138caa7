package io.seqmia.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** Opens click files of any {@link ClickFormat}, one file or several read as one data set. */
public final class ClickReaders {

  private ClickReaders() {}

  /** Opens a file of the given format, or of the format its first lines show when {@code format} is null. */
  public static ClickReader open(Path file, ClickFormat format) {
    return open(file, format, RejectListener.NONE);
  }

  public static ClickReader open(Path file, ClickFormat format, RejectListener listener) {
    return open(file, format, listener, MovieLensReader.DEFAULT_SESSION_GAP);
  }

  /**
   * @param format the format, or null to {@link ClickFormat#detect detect} it
   * @param listener told about every rejected line
   * @param sessionGap inactivity that cuts sessions where the format has none (MovieLens); ignored otherwise
   * @throws IllegalArgumentException when the file is missing or its format cannot be detected
   */
  public static ClickReader open(Path file, ClickFormat format, RejectListener listener, Duration sessionGap) {
    return open(file, format, listener, sessionGap, UnaryOperator.identity());
  }

  /**
   * As {@link #open(Path, ClickFormat, RejectListener, Duration)}, with the file's raw byte stream (before
   * any gunzip) passed through {@code wrapRaw}: the replay counts bytes read for its progress bar.
   */
  public static ClickReader open(Path file, ClickFormat format, RejectListener listener, Duration sessionGap,
      UnaryOperator<InputStream> wrapRaw) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sessionGap, "sessionGap");
    ClickFormat actual = formatOf(file, format);
    InputStream raw = wrapRaw.apply(TextInput.openFile(file));
    try {
      ClickReader reader = actual.newReader(raw, file.toString(), sessionGap);
      reader.addRejectListener(listener);
      return reader;
    } catch (IOException e) {
      closeQuietly(raw);
      throw new UncheckedIOException("Cannot open click file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(raw);
      throw e;
    }
  }

  /** The given format, or the detected one when it is null. */
  public static ClickFormat formatOf(Path file, ClickFormat format) {
    return format != null ? format : ClickFormat.detect(file);
  }

  /** Reads the files one after the other as one source (e.g. a train and a test file). */
  public static ClickReader concat(List<Path> files, ClickFormat format) {
    return concat(files, format, RejectListener.NONE, MovieLensReader.DEFAULT_SESSION_GAP);
  }

  /**
   * Reads the files one after the other as one source, opening each only when the previous one is done.
   * Every file is checked (exists, format known or detectable) before anything is read; with a null
   * {@code format} each file's format is detected on its own. Line numbers reported to the listener are
   * those of the file being read, whose name {@link ClickReader#sourceName()} gives at that moment.
   *
   * @throws IllegalArgumentException when the list is empty, a file is missing or its format unknown
   */
  public static ClickReader concat(List<Path> files, ClickFormat format, RejectListener listener,
      Duration sessionGap) {
    Objects.requireNonNull(sessionGap, "sessionGap");
    if (files == null || files.isEmpty()) {
      throw new IllegalArgumentException("No click file given");
    }
    List<ConcatClickReader.Part> parts = new ArrayList<>();
    for (Path file : files) {
      TextInput.requireFile(file);
      parts.add(new ConcatClickReader.Part(file, formatOf(file, format)));
    }
    ConcatClickReader reader = new ConcatClickReader(parts, sessionGap);
    reader.addRejectListener(listener);
    return reader;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // already failing with a better message
    }
  }
}
