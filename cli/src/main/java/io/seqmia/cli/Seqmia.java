package io.seqmia.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code seqmia} command. {@code ./seqmia demo} runs the whole pipeline on an embedded broker;
 * every stage also runs on its own against any Kafka cluster with {@code --bootstrap-server}.
 */
@Command(
    name = "seqmia",
    mixinStandardHelpOptions = true,
    versionProvider = Seqmia.Version.class,
    description = "Streaming membership-inference audit for sequential recommenders, on Apache Kafka.",
    subcommands = {
        DemoCommand.class,
        ReportCommand.class,
        BrokerCommand.class,
        TopicsCommand.class,
        ReplayCommand.class,
        StreamsCommand.class,
        TrainerCommand.class,
        AttackerCommand.class,
        GenerateCommand.class,
        StatsCommand.class,
        VerdictsCommand.class,
        TrainNowCommand.class,
        ConfigCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Seqmia implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Our logging setup; named so that Kafka's own log4j2.yaml on the classpath does not win. */
  static final String LOG_CONFIG = "classpath:seqmia-log4j2.xml";

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new Seqmia());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    // each stage command's help lists its keys, from the stage's one declaration
    for (io.seqmia.kernel.StageConfigDef def : ConfigCommand.STAGES) {
      cli.getSubcommands().get(def.stage()).getCommandSpec().usageMessage()
          .footer(io.seqmia.kernel.ConfigDocs.text(def).replace("%", "%%").replace("\n", "%n"));
    }
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'seqmia demo' or 'seqmia help'");
  }

  /** Prints a one-line error that says what to fix, not a stack trace, for configuration mistakes. */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
      if (e instanceof IllegalArgumentException) {
        cli.getErr().println("seqmia " + cli.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      if (e instanceof org.apache.kafka.common.config.ConfigException) {
        // a Kafka client refused a setting it was given (a kafka.* key or --command-config)
        cli.getErr().println("seqmia " + cli.getCommandName() + ": a Kafka client setting (kafka.* or"
            + " --command-config) is not valid: " + e.getMessage());
        return 2;
      }
      cli.getErr().println("seqmia " + cli.getCommandName() + " failed: " + e);
      e.printStackTrace(cli.getErr());
      return 1;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Seqmia.class.getPackage().getImplementationVersion();
      return new String[] {"seqmia " + (v == null ? "dev" : v)};
    }
  }
}
