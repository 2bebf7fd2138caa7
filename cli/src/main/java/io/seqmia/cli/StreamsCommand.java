package io.seqmia.cli;

import io.seqmia.cli.progress.ProgressDisplay;
import io.seqmia.cli.progress.StagePhases;
import io.seqmia.streams.StreamsApp;
import io.seqmia.streams.StreamsAppConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqmia streams}: the Kafka Streams stage, until Ctrl-C. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the streams-app: sessionize clicks, augment, assign membership splits (exactly-once).")
final class StreamsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;
  @Mixin ConfigOptions config;

  @Mixin TopicOptions topicOptions;

  @Mixin HttpOptions http;

  @Mixin ConsoleOptions console;

  @Override
  public Integer call() throws Exception {
    StreamsAppConfig streamsConfig = StreamsAppConfig.fromProperties(config.properties(kafka, StreamsAppConfig.DEFINITION));
    console.applyStage("streams", streamsConfig.stateDir());
    topicOptions.ensureTopics(kafka, streamsConfig.replicationFactor());
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    StreamsApp app = StreamsApp.start(streamsConfig);
    io.seqmia.kernel.ServiceEndpoints endpoints = http.start("streams", app.observation());
    ProgressDisplay display = console.display(() -> StagePhases.streams(app.counters()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true); // from here on, NOT_RUNNING is this close, not a failure
      app.close();
      if (display != null) {
        display.close();
      }
      if (endpoints != null) {
        endpoints.close();
      }
      System.err.println("streams-app: stopped on request; state and offsets are committed");
      stopped.countDown();
    }, "streams-shutdown"));
    System.err.println("streams-app running against " + streamsConfig.bootstrapServers() + "; Ctrl-C stops it.");
    int status = awaitEnd(app::state, stopping::get, stopped, STATE_CHECK);
    if (display != null) {
      display.close();
    }
    return status;
  }

  static final Duration STATE_CHECK = Duration.ofSeconds(1);

  /**
   * Waits until the shutdown hook has closed the app (0), or until Kafka Streams stops on its own after a fatal
   * error (1): a process that stayed up in state ERROR would never be restarted by a restart policy.
   */
  static int awaitEnd(Supplier<KafkaStreams.State> state, BooleanSupplier stopping, CountDownLatch stopped,
      Duration check) throws InterruptedException {
    while (!stopped.await(check.toMillis(), TimeUnit.MILLISECONDS)) {
      if (stopping.getAsBoolean()) {
        continue; // the shutdown hook is closing the app: wait for it
      }
      KafkaStreams.State now = state.get();
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR
          || now == KafkaStreams.State.NOT_RUNNING) {
        System.err.println("streams-app stopped on its own in state " + now + " (see the error above); exiting"
            + " with status 1 so that a supervisor restarts it");
        return 1;
      }
    }
    return 0;
  }
}
