package io.seqmia.cli;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * What the console shows (seqmia-log4j2.xml reads the properties set here). Every mode writes the whole log, seqmia's
 * INFO and the libraries' warnings, to a file: the demo's in its report folder, a stage's where
 * {@link ConsoleOptions} says.
 */
enum ConsoleMode {
  /** The progress display, seqmia's warnings, the libraries' errors, the tables. */
  DEFAULT("WARN", "ERROR", true),
  /** Everything the log file gets, as it happens (no progress display: the lines would tear it). */
  VERBOSE("INFO", "WARN", false),
  /** Errors and the tables only. */
  QUIET("ERROR", "ERROR", false);

  static final String LOG_FILE = "seqmia.log";
  private final String seqmiaLevel;
  private final String othersLevel;
  private final boolean progress;

  ConsoleMode(String seqmiaLevel, String othersLevel, boolean progress) {
    this.seqmiaLevel = seqmiaLevel;
    this.othersLevel = othersLevel;
    this.progress = progress;
  }

  static ConsoleMode of(boolean verbose, boolean quiet) {
    if (verbose && quiet) {
      throw new IllegalArgumentException("--verbose and --quiet contradict each other: give one of them");
    }
    return verbose ? VERBOSE : quiet ? QUIET : DEFAULT;
  }

  boolean progress() {
    return progress;
  }

  /**
   * Applies the mode with the whole log in {@code file} (null: none), appended to or started anew. The file rolls
   * over at 20 MB and keeps three (seqmia-log4j2.xml), so a service's log stays bounded.
   */
  void apply(Path file, boolean append) {
    System.setProperty("seqmia.console.level", seqmiaLevel);
    System.setProperty("seqmia.console.others", othersLevel);
    System.setProperty("seqmia.log.file", file == null ? "seqmia.log" : file.toAbsolutePath().toString());
    System.setProperty("seqmia.log.file.append", Boolean.toString(append));
    System.setProperty("seqmia.log.file.level", file == null ? "OFF" : "INFO");
    ((LoggerContext) LogManager.getContext(false)).reconfigure();
  }
}
