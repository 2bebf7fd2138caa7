package io.seqmia.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small helpers shared by the reader tests. */
final class ReaderFixtures {

  record Rejection(long line, String raw, String reason) {}

  private ReaderFixtures() {}

  /** Drains the reader, collecting rejections, and checks the counting contract. */
  static List<ClickEvent> drain(ClickReader reader, List<Rejection> rejections) {
    try (reader) {
      reader.addRejectListener((n, raw, reason) -> rejections.add(new Rejection(n, raw, reason)));
      List<ClickEvent> events = new ArrayList<>();
      reader.forEach(events::add);
      assertEquals(events.size() + reader.rejected(), reader.linesRead(), "read == returned + rejected");
      assertEquals(rejections.size(), reader.rejected());
      return events;
    }
  }

  static Path gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }
}
