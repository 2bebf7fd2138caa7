package io.seqmia.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens click files as UTF-8 text, gunzipping when the name ends in {@code .gz} or the gzip magic is there. */
final class TextInput {

  static final int BUFFER_BYTES = 1 << 16;
  private static final int GZIP_MAGIC_0 = 0x1f;
  private static final int GZIP_MAGIC_1 = 0x8b;

  private TextInput() {}

  /** The file's raw bytes; fails with a message naming the file when it is missing or unreadable. */
  static InputStream openFile(Path file) {
    requireFile(file);
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Click file not found: " + file.toAbsolutePath(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open click file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /** Fails with a message naming the file when it is not there. */
  static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Click file not found or not a regular file: " + file.toAbsolutePath());
    }
  }

  /** A line reader over the stream, decompressed when it is gzip; the reader owns the stream. */
  static BufferedReader reader(InputStream raw, String name) throws IOException {
    return new BufferedReader(
        new InputStreamReader(maybeGunzip(raw, name), StandardCharsets.UTF_8), BUFFER_BYTES);
  }

  /** Opens a file as text (plain or gzip). */
  static BufferedReader reader(Path file) {
    InputStream raw = openFile(file);
    try {
      return reader(raw, file.toString());
    } catch (IOException e) {
      closeQuietly(raw);
      throw new UncheckedIOException("Cannot read click file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  private static InputStream maybeGunzip(InputStream raw, String name) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    boolean gzipMagic = b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1;
    if (gzipMagic || (name != null && name.endsWith(".gz"))) {
      return new GZIPInputStream(buffered, BUFFER_BYTES);
    }
    return buffered;
  }

  /** The line without a leading byte-order mark (it is not part of the first field). */
  static String stripBom(String line) {
    return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // already failing with a better message
    }
  }
}
