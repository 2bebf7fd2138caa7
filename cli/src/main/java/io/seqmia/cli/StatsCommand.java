package io.seqmia.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.data.DatasetStats;
import io.seqmia.data.YooChooseClickReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqmia stats}: the seed paper's Table 1 columns for a click file. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Data set statistics: days, items, sessions, interactions, average session length, Gini.")
final class StatsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A click file (yoochoose-clicks.dat format, plain or .gz).")
  Path file;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    DatasetStats stats;
    try (YooChooseClickReader reader = YooChooseClickReader.open(file)) {
      stats = DatasetStats.compute(reader);
    }
    if (json) {
      spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(stats.toMap()));
    } else {
      spec.commandLine().getOut().print(Tables.stats(file.toString(), stats));
    }
    return 0;
  }
}
