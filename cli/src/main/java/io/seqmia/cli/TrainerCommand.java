package io.seqmia.cli;

import io.seqmia.cli.progress.StagePhases;
import io.seqmia.trainer.TrainerConfig;
import io.seqmia.trainer.TrainerService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqmia trainer}: the target model's trainer and live scorer, until Ctrl-C. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = "Run the trainer: collect sequences, train the target model (overfit on purpose), publish score vectors.")
final class TrainerCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;
  @Mixin ConfigOptions config;

  @Mixin TopicOptions topicOptions;

  @Mixin HttpOptions http;

  @Mixin ConsoleOptions console;

  @Override
  public Integer call() {
    TrainerConfig trainerConfig = TrainerConfig.fromProperties(config.properties(kafka, TrainerConfig.DEFINITION));
    console.applyStage("trainer", trainerConfig.modelDir());
    topicOptions.ensureTopics(kafka, (short) 1);
    TrainerService trainer = new TrainerService(trainerConfig);
    io.seqmia.kernel.ServiceEndpoints endpoints =
        http.start("trainer", new io.seqmia.trainer.TrainerObservation(trainer));
    int epochs = trainerConfig.model().epochs();
    return ServiceLauncher.runUntilStopped("trainer", trainer, endpoints,
        console.display(() -> StagePhases.trainer(trainer, epochs, trainerConfig.shadowEnabled())));
  }
}
