package io.seqmia.cli;

import io.seqmia.attacker.AttackerConfig;
import io.seqmia.attacker.AttackerService;
import io.seqmia.cli.progress.StagePhases;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqmia attacker}: the MLP membership attack and its live verdicts, until Ctrl-C. */
@Command(name = "attacker", mixinStandardHelpOptions = true,
    description = "Run the attacker: train the MLP attack on score vectors, publish membership verdicts and reports.")
final class AttackerCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;
  @Mixin ConfigOptions config;

  @Mixin TopicOptions topicOptions;

  @Mixin HttpOptions http;

  @Mixin ConsoleOptions console;

  @Override
  public Integer call() {
    AttackerConfig attackerConfig = AttackerConfig.fromProperties(config.properties(kafka, AttackerConfig.DEFINITION));
    console.applyStage("attacker",
        attackerConfig.reportDir() != null ? attackerConfig.reportDir() : attackerConfig.modelDir());
    topicOptions.ensureTopics(kafka, (short) 1);
    AttackerService attacker = new AttackerService(attackerConfig);
    io.seqmia.kernel.ServiceEndpoints endpoints =
        http.start("attacker", new io.seqmia.attacker.AttackerObservation(attacker));
    return ServiceLauncher.runUntilStopped("attacker", attacker, endpoints,
        console.display(() -> StagePhases.attacker(attacker)));
  }
}
