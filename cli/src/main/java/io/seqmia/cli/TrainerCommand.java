package io.seqmia.cli;

import io.seqmia.trainer.TrainerConfig;
import io.seqmia.trainer.TrainerService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqmia trainer}: the target model's trainer and live scorer, until Ctrl-C. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = "Run the trainer: collect sequences, train the target model (overfit on purpose), publish score vectors.",
    footer = "Keys for --set/--config: group.id, progress.timeout.ms, trainer.chunk.records (5000 records per transaction), "
        + "trainer.chunk.ms (10000), trainer.store.memory.mb (1024: packed sequences on the heap, the rest spills to a "
        + "file), trainer.store.dir (spill folder; default model.dir or the temp folder), trainer.sample.members (N: "
        + "train each model on a seeded sample of N members; default all), trainer.sample.seed (42), "
        + "model.preset (overfit|regular|default), "
        + "model.embedding.size, model.heads, model.layers, model.feed.forward.size, model.max.length, model.dropout, "
        + "model.learning.rate, model.weight.decay, model.batch.size, model.epochs, model.seed, model.dir (checkpoints), "
        + "shadow.enabled.")
final class TrainerCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;
  @Mixin ConfigOptions config;

  @Mixin TopicOptions topicOptions;

  @Mixin HttpOptions http;

  @Override
  public Integer call() {
    TrainerConfig trainerConfig = TrainerConfig.fromProperties(config.properties(kafka));
    topicOptions.ensureTopics(kafka, (short) 1);
    TrainerService trainer = new TrainerService(trainerConfig);
    return ServiceLauncher.runUntilStopped("trainer", trainer,
        http.start("trainer", new io.seqmia.trainer.TrainerObservation(trainer)));
  }
}
