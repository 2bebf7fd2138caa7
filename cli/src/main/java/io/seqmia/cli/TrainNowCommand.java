package io.seqmia.cli;

import io.seqmia.schemas.ControlEvent;
import io.seqmia.schemas.ControlType;
import io.seqmia.schemas.Topic;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqmia train-now}: asks a running trainer to retrain on what it holds (a new model version). */
@Command(name = "train-now", mixinStandardHelpOptions = true,
    description = "Send TRAIN_NOW on the control topic: the trainer retrains and bumps the model version.")
final class TrainNowCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--run-id", defaultValue = "train-now", description = "Run id of the event (default ${DEFAULT-VALUE}).")
  String runId;

  @Override
  public Integer call() throws Exception {
    Topic<String, ControlEvent> control = kafka.topics().control();
    ControlEvent event = ControlEvent.newBuilder().setType(ControlType.TRAIN_NOW).setRunId(runId).setSource("cli")
        .setTimestamp(Instant.now()).build();
    java.util.Properties props = new java.util.Properties();
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (var producer = new KafkaProducer<>(kafka.client().applyTo(props),
        control.keySerde().serializer(), control.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(control.name(), runId, event)).get();
    }
    spec.commandLine().getOut().println("sent TRAIN_NOW to " + control.name() + " on " + kafka.bootstrapServer());
    return 0;
  }
}
