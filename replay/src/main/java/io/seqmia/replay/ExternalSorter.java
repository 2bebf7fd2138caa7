package io.seqmia.replay;

import io.seqmia.data.ClickEvent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * Sorts clicks by event time (ties keep file order) with bounded memory: chunks of {@code chunkSize}
 * events are sorted in memory and spilled to binary temp files, then merged k-way with a priority queue.
 * A source that fits one chunk is never spilled. {@link Sorted#close()} deletes the temp files.
 *
 * <p>Memory: one chunk of events (about 200 bytes each for YooChoose: 500k events, ~100 MB) while
 * sorting, one buffered stream per spill while merging (33M clicks = 67 spills of 500k).
 */
public final class ExternalSorter {

  /** Events per in-memory chunk; the full 33M-click YooChoose log sorts within a 2 GiB heap. */
  public static final int DEFAULT_CHUNK_SIZE = 500_000;
  static final Comparator<ClickEvent> BY_TIME =
      Comparator.comparingLong(ClickEvent::eventTimeMillis).thenComparingLong(ClickEvent::lineNumber);
  private static final int BUFFER_BYTES = 1 << 16;
  private static final String TEMP_PREFIX = "seqmia-sort-";

  private ExternalSorter() {}

  /**
   * Drains {@code source} and returns its events in time order.
   *
   * @param tempDir where the spill folder is created (null: java.io.tmpdir)
   * @param onRead told the number of events read so far, every chunk (for progress); may be null
   */
  public static Sorted sort(Iterator<ClickEvent> source, int chunkSize, Path tempDir, LongConsumer onRead) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("sort chunk size must be >= 1, got " + chunkSize);
    }
    Path dir = null;
    List<Path> spills = new ArrayList<>();
    List<ClickEvent> chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
    long total = 0;
    try {
      while (source.hasNext()) {
        chunk.add(source.next());
        total++;
        if (chunk.size() == chunkSize) {
          if (dir == null) {
            dir = tempDir == null ? Files.createTempDirectory(TEMP_PREFIX) : Files.createTempDirectory(tempDir, TEMP_PREFIX);
          }
          spills.add(spill(chunk, dir, spills.size()));
          chunk.clear();
          if (onRead != null) {
            onRead.accept(total);
          }
        }
      }
      if (spills.isEmpty()) {
        chunk.sort(BY_TIME);
        return new Sorted(chunk.iterator(), total, 0, null, List.of());
      }
      if (!chunk.isEmpty()) {
        spills.add(spill(chunk, dir, spills.size()));
        chunk.clear();
      }
      return new Sorted(new Merge(spills), total, spills.size(), dir, spills);
    } catch (IOException e) {
      deleteQuietly(dir, spills);
      throw new UncheckedIOException("Cannot write sort spill files under " + (dir != null ? dir : tempDir)
          + ": " + e.getMessage() + " (free disk space or pass another temp directory)", e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(dir, spills);
      throw e;
    }
  }

  private static Path spill(List<ClickEvent> chunk, Path dir, int index) throws IOException {
    chunk.sort(BY_TIME);
    Path file = dir.resolve("chunk-" + index + ".bin");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES))) {
      for (ClickEvent e : chunk) {
        out.writeLong(e.eventTimeMillis());
        out.writeLong(e.lineNumber());
        out.writeUTF(e.sessionId());
        writeNullable(out, e.userId());
        out.writeUTF(e.itemId());
        writeNullable(out, e.category());
      }
    }
    return file;
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static ClickEvent read(DataInputStream in) throws IOException {
    long time;
    try {
      time = in.readLong();
    } catch (EOFException end) {
      return null;
    }
    long line = in.readLong();
    String session = in.readUTF();
    String user = in.readBoolean() ? in.readUTF() : null;
    String item = in.readUTF();
    String category = in.readBoolean() ? in.readUTF() : null;
    return new ClickEvent(session, user, item, category, time, line);
  }

  private static void deleteQuietly(Path dir, List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ignored) {
        // best effort: a leftover spill file in the temp folder is not worth failing the replay for
      }
    }
    if (dir != null) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // see above
      }
    }
  }

  /** The sorted events; iterate once, then close to delete the spill files. */
  public static final class Sorted implements Iterator<ClickEvent>, AutoCloseable {
    private final Iterator<ClickEvent> events;
    private final long size;
    private final int spills;
    private final Path dir;
    private final List<Path> files;

    Sorted(Iterator<ClickEvent> events, long size, int spills, Path dir, List<Path> files) {
      this.events = events;
      this.size = size;
      this.spills = spills;
      this.dir = dir;
      this.files = files;
    }

    /** Events in total. */
    public long size() {
      return size;
    }

    /** Temp files written (0 when everything fitted in one chunk). */
    public int spills() {
      return spills;
    }

    /** The spill folder, or null when nothing was spilled. */
    public Path spillDirectory() {
      return dir;
    }

    @Override
    public boolean hasNext() {
      return events.hasNext();
    }

    @Override
    public ClickEvent next() {
      return events.next();
    }

    @Override
    public void close() {
      if (events instanceof Merge merge) {
        merge.close();
      }
      deleteQuietly(dir, files);
    }
  }

  /** K-way merge of sorted spill files. */
  private static final class Merge implements Iterator<ClickEvent> {
    private record Head(ClickEvent event, int source) {}

    private final List<DataInputStream> inputs = new ArrayList<>();
    private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> BY_TIME.compare(a.event, b.event));

    Merge(List<Path> files) throws IOException {
      try {
        for (Path f : files) {
          DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), BUFFER_BYTES));
          inputs.add(in);
          ClickEvent first = read(in);
          if (first != null) {
            heads.add(new Head(first, inputs.size() - 1));
          }
        }
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public ClickEvent next() {
      Head head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      try {
        ClickEvent following = read(inputs.get(head.source));
        if (following != null) {
          heads.add(new Head(following, head.source));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read sort spill file: " + e.getMessage(), e);
      }
      return head.event;
    }

    void close() {
      for (DataInputStream in : inputs) {
        try {
          in.close();
        } catch (IOException ignored) {
          // closing a read-only temp file
        }
      }
    }
  }
}
