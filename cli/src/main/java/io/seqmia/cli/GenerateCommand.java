package io.seqmia.cli;

import io.seqmia.data.SyntheticClicks;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqmia generate}: a YooChoose-like click file with sequential structure. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a generated YooChoose-like click file (deterministic for a seed).")
final class GenerateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--sessions", defaultValue = "10000", description = "Sessions to generate (default ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file (.gz compresses).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (sessions < 1) {
      throw new IllegalArgumentException("--sessions " + sessions + ": must be at least 1");
    }
    SyntheticClicks.write(out, sessions, seed);
    spec.commandLine().getOut().println("wrote " + sessions + " sessions to " + out);
    return 0;
  }
}
