package io.seqmia.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.data.ClickFormat;
import io.seqmia.data.ClickReader;
import io.seqmia.data.DatasetStats;
import io.seqmia.data.FilterResult;
import io.seqmia.data.RejectListener;
import io.seqmia.data.SessionFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seqmia stats}: the seed paper's Table 1 columns (days, items, sessions, interactions, average
 * session length, Gini index of item popularity) plus session-length percentiles, for one or more click
 * files read as one data set, optionally after the usual GRU4Rec preprocessing.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = {
        "Data set statistics: days, items, sessions, interactions, average session length, Gini index of item "
            + "popularity, session-length percentiles.",
        "Several files (e.g. train_full.txt test.txt) are read as one data set."})
final class StatsCommand implements Callable<Integer> {

  /** Rejected lines shown on stderr; the rest are only counted. */
  static final int REJECTS_SHOWN = 5;
  private static final String ROW = "  %-24s %s%n";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "Click files (any supported format, plain or .gz), read in order as one data set.")
  List<Path> files;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--filter", description = "First drop sessions of length 1, then items seen fewer than 5 times, "
      + "then sessions now shorter than 2 (GRU4Rec's preprocessing, once), and say how much was removed.")
  boolean filter;

  @Mixin FormatOption formatOption;

  @Override
  public Integer call() throws Exception {
    // Check the flags and files before reading anything.
    List<ClickFormat> formats = formatOption.formatsOf(files);
    formatOption.sessionGap();
    PrintWriter err = spec.commandLine().getErr();
    RejectPrinter rejects = new RejectPrinter(err);

    DatasetStats stats;
    FilterResult filtered = null;
    if (filter) {
      int[] passes = {0};
      // Every pass rereads the files; rejected lines are shown on the first only.
      Supplier<ClickReader> source = () -> passes[0]++ == 0
          ? open(rejects) : formatOption.open(files, RejectListener.NONE);
      filtered = DatasetStats.computeFiltered(source);
      stats = filtered.after();
    } else {
      try (ClickReader reader = open(rejects)) {
        stats = DatasetStats.compute(reader);
      }
    }
    if (stats.rejected() > REJECTS_SHOWN) {
      err.printf("... %,d more rejected lines not shown%n", stats.rejected() - REJECTS_SHOWN);
    }

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>(filtered != null ? filtered.toMap() : stats.toMap());
      m.put("files", files.stream().map(Path::toString).toList());
      m.put("formats", formats.stream().map(ClickFormat::cliName).toList());
      out.println(new ObjectMapper().writeValueAsString(m));
    } else {
      out.print(table(stats, formats, filtered));
    }
    out.flush();
    return 0;
  }

  private ClickReader open(RejectPrinter rejects) {
    ClickReader reader = formatOption.open(files, RejectListener.NONE);
    rejects.reader = reader;
    reader.addRejectListener(rejects);
    return reader;
  }

  private String table(DatasetStats stats, List<ClickFormat> formats, FilterResult filtered) {
    String name = files.stream().map(Path::toString).collect(Collectors.joining(" + "));
    StringBuilder out = new StringBuilder(Tables.stats(filtered == null ? name : name + " (filtered)", stats));
    out.append(String.format(ROW, "length p50/p90/p99/max", String.format("%d / %d / %d / %d",
        stats.sessionLengthP50(), stats.sessionLengthP90(), stats.sessionLengthP99(), stats.sessionLengthMax())));
    out.append(String.format(ROW, "format", formats.stream().map(ClickFormat::cliName).distinct()
        .collect(Collectors.joining(", "))));
    if (filtered != null) {
      SessionFilter rules = filtered.filter();
      DatasetStats before = filtered.before();
      out.append(String.format("Filter (sessions >= %d clicks, items >= %d clicks, once) removed "
              + "%,d of %,d sessions (%.1f%%), %,d of %,d interactions (%.1f%%), %,d of %,d items (%.1f%%)%n",
          rules.minSessionLength(), rules.minItemSupport(),
          filtered.removedSessions(), before.sessions(), percent(filtered.removedSessions(), before.sessions()),
          filtered.removedInteractions(), before.interactions(),
          percent(filtered.removedInteractions(), before.interactions()),
          filtered.removedItems(), before.items(), percent(filtered.removedItems(), before.items())));
    }
    return out.toString();
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  /** Shows the first few rejected lines on stderr, with the file they come from. */
  private static final class RejectPrinter implements RejectListener {
    private final PrintWriter err;
    private ClickReader reader;
    private long seen;

    RejectPrinter(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void rejected(long lineNumber, String rawText, String reason) {
      if (seen++ < REJECTS_SHOWN) {
        err.printf("rejected %s line %d: %s: %s%n", reader.sourceName(), lineNumber, reason, rawText);
      }
    }
  }
}
