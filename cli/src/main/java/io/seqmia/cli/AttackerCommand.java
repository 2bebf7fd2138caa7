package io.seqmia.cli;

import io.seqmia.attacker.AttackerConfig;
import io.seqmia.attacker.AttackerService;
import io.seqmia.broker.TopicAdmin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqmia attacker}: the MLP membership attack and its live verdicts, until Ctrl-C. */
@Command(name = "attacker", mixinStandardHelpOptions = true,
    description = "Run the attacker: train the MLP attack on score vectors, publish membership verdicts and reports.",
    footer = "Keys for --set/--config: attacker.group.id, attacker.seed, attacker.threshold, attacker.poll.timeout.ms, "
        + "attacker.wait.timeout.ms.")
final class AttackerCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;
  @Mixin ConfigOptions config;

  @Option(names = "--partitions", defaultValue = "2",
      description = "Partitions for topics this command has to create (default ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() {
    AttackerConfig attackerConfig = AttackerConfig.fromProperties(config.properties(kafka));
    TopicAdmin.ensureTopics(kafka.bootstrapServer(), kafka.topics(), partitions, (short) 1);
    return ServiceLauncher.runUntilStopped("attacker", new AttackerService(attackerConfig));
  }
}
