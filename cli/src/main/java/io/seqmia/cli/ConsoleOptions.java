package io.seqmia.cli;

import io.seqmia.cli.progress.ProgressDisplay;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --verbose}, {@code --quiet} and {@code --log-file}: what the demo and each stage command print (the progress
 * display and warnings by default), and where the whole log goes.
 */
final class ConsoleOptions {

  @Option(names = "--verbose", description = "Print every log line as it happens (also in the log file), instead"
      + " of the progress display.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Print only errors and the results.")
  boolean quiet;

  @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "${env:SEQMIA_LOG_FILE}",
      description = "Where the whole log goes (env SEQMIA_LOG_FILE; default: seqmia.log in the demo's report"
          + " folder, seqmia-STAGE.log in a stage's state, model or report folder when one is set). A stage's file"
          + " is appended to and rolls over at 20 MB, three files kept.")
  Path logFile;

  ConsoleMode mode() {
    return ConsoleMode.of(verbose, quiet);
  }

  /** Applies the mode for a long-running stage, before it starts, and says where its log goes. */
  ConsoleMode applyStage(String stage, Path stageDir) {
    ConsoleMode mode = mode();
    Path file = logFile != null ? logFile : stageDir == null ? null : stageDir.resolve("seqmia-" + stage + ".log");
    if (file != null) {
      createParent(file);
    }
    mode.apply(file, true);
    if (mode != ConsoleMode.QUIET) {
      System.err.println(stage + ": " + (file != null ? "the whole log goes to " + file.toAbsolutePath()
          : "no log file (give --log-file FILE, or --verbose for every line here)"));
    }
    return mode;
  }

  /** The stage's progress display on stderr, or null when the mode shows none. */
  ProgressDisplay display(Supplier<List<ProgressDisplay.Phase>> phases) {
    return mode().progress() ? ProgressDisplay.start(System.err, phases) : null;
  }

  private static void createParent(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--log-file " + file + ": cannot create its folder: " + e.getMessage());
    }
  }

  /** Where the stage's output goes in quiet mode: nowhere. */
  static PrintStream story(ConsoleMode mode) {
    return mode == ConsoleMode.QUIET ? new PrintStream(java.io.OutputStream.nullOutputStream()) : System.err;
  }
}
