package io.seqmia.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real data sets in {@code ../shared/data/} beside the checkout (tests run in the module dir). */
final class SharedData {

  private SharedData() {}

  /** The file, or null when the shared data is not there (a user's fresh clone). */
  static Path file(String name) {
    for (Path base : new Path[] {Path.of("..", "shared", "data"), Path.of("..", "..", "shared", "data")}) {
      Path candidate = base.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    return null;
  }
}
