package io.seqmia.cli;

import io.seqmia.attacker.AttackerConfig;
import io.seqmia.attacker.AttackerService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqmia attacker}: the MLP membership attack and its live verdicts, until Ctrl-C. */
@Command(name = "attacker", mixinStandardHelpOptions = true,
    description = "Run the attacker: train the MLP attack on score vectors, publish membership verdicts and reports.",
    footer = "Keys for --set/--config: attacker.group.id, attacker.seed, attacker.threshold, attacker.poll.timeout.ms, "
        + "attacker.wait.timeout.ms, attacker.report.dir (report files after each attack), attacker.model.dir (saved "
        + "attack models: a restart resumes instead of re-attacking), attacker.chunk.records (5000 records per "
        + "transaction), attacker.chunk.ms (10000), attacker.eval.max (200000: the attacks train and evaluate on a "
        + "seeded sample of at most N vectors; every vector still gets a verdict).")
final class AttackerCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;
  @Mixin ConfigOptions config;

  @Mixin TopicOptions topicOptions;

  @Mixin HttpOptions http;

  @Override
  public Integer call() {
    AttackerConfig attackerConfig = AttackerConfig.fromProperties(config.properties(kafka));
    topicOptions.ensureTopics(kafka, (short) 1);
    AttackerService attacker = new AttackerService(attackerConfig);
    return ServiceLauncher.runUntilStopped("attacker", attacker,
        http.start("attacker", new io.seqmia.attacker.AttackerObservation(attacker)));
  }
}
