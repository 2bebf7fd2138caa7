package io.seqmia.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only log of byte records: in heap segments while they fit the memory budget, then in a local file
 * (created on first need in {@code dir}, deleted on {@link #close()}). A record is written once and read back by
 * its position and length (a positional read from the file, or a copy from a segment). Not thread-safe.
 */
final class SpillLog implements AutoCloseable {

  /** Heap segment size; a record larger than this goes to the file. */
  static final int SEGMENT = 1 << 20;
  /** Positions at or above this bit are in the file. */
  private static final long IN_FILE = 1L << 62;
  private static final int WRITE_BUFFER = 1 << 16;

  private final long memoryBudget;
  private final Path dir;
  private final List<byte[]> segments = new ArrayList<>();
  private int segmentUsed = SEGMENT;
  private long memoryBytes;
  private Path path;
  private FileChannel file;
  private final ByteBuffer pending = ByteBuffer.allocate(WRITE_BUFFER);
  /** Bytes in the file, flushed or not; {@link #flushed} of them are on disk. */
  private long fileBytes;
  private long flushed;

  /**
   * @param memoryBudget bytes of records kept on the heap before the log spills to the file
   * @param dir folder of the spill file (the system's temp folder when null)
   */
  SpillLog(long memoryBudget, Path dir) {
    if (memoryBudget < 0) {
      throw new IllegalArgumentException("memory budget must be >= 0, got " + memoryBudget);
    }
    this.memoryBudget = memoryBudget;
    this.dir = dir;
  }

  /** Appends one record; returns its position (pass it with the length to {@link #read}). */
  long append(byte[] record) {
    if (record.length <= SEGMENT && memoryBytes + record.length <= memoryBudget) {
      if (segmentUsed + record.length > SEGMENT) {
        // A segment never outgrows what is left of the budget (a small budget allocates little).
        long left = memoryBudget - memoryBytes;
        segments.add(new byte[(int) Math.min(SEGMENT, Math.max(record.length, left))]);
        segmentUsed = 0;
      }
      byte[] segment = segments.get(segments.size() - 1);
      if (segmentUsed + record.length <= segment.length) {
        System.arraycopy(record, 0, segment, segmentUsed, record.length);
        long position = (long) (segments.size() - 1) * SEGMENT + segmentUsed;
        segmentUsed += record.length;
        memoryBytes += record.length;
        return position;
      }
    }
    return appendToFile(record);
  }

  byte[] read(long position, int length) {
    byte[] out = new byte[length];
    if (position < IN_FILE) {
      System.arraycopy(segments.get((int) (position / SEGMENT)), (int) (position % SEGMENT), out, 0, length);
      return out;
    }
    long at = position - IN_FILE;
    try {
      if (at + length > flushed) {
        flush();
      }
      ByteBuffer buffer = ByteBuffer.wrap(out);
      while (buffer.hasRemaining()) {
        int n = file.read(buffer, at + buffer.position());
        if (n < 0) {
          throw new IOException("unexpected end of the spill file at " + (at + buffer.position()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trainer's spill file " + path, e);
    }
  }

  /** Bytes of records held on the heap. */
  long memoryBytes() {
    return memoryBytes;
  }

  /** Bytes of records in the spill file. */
  long fileBytes() {
    return fileBytes;
  }

  /** The spill file, or null while everything fits on the heap. */
  Path file() {
    return path;
  }

  private long appendToFile(byte[] record) {
    try {
      if (file == null) {
        Path folder = dir != null ? Files.createDirectories(dir) : Path.of(System.getProperty("java.io.tmpdir"));
        path = Files.createTempFile(folder, "seqmia-trainer-sequences-", ".log");
        path.toFile().deleteOnExit();
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      long position = IN_FILE + fileBytes;
      if (record.length > pending.remaining()) {
        flush();
      }
      if (record.length > pending.capacity()) {
        ByteBuffer big = ByteBuffer.wrap(record);
        while (big.hasRemaining()) {
          file.write(big, flushed + big.position());
        }
        flushed += record.length;
      } else {
        pending.put(record);
      }
      fileBytes += record.length;
      return position;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trainer's spill file in " + dir, e);
    }
  }

  private void flush() throws IOException {
    pending.flip();
    while (pending.hasRemaining()) {
      flushed += file.write(pending, flushed);
    }
    pending.clear();
  }

  @Override
  public void close() {
    segments.clear();
    memoryBytes = 0;
    if (file == null) {
      return;
    }
    try {
      file.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the trainer's spill file " + path, e);
    } finally {
      file = null;
    }
  }
}
