package io.seqmia.cli;

import io.seqmia.streams.StreamsApp;
import io.seqmia.streams.StreamsAppConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqmia streams}: the Kafka Streams stage, until Ctrl-C. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the streams-app: sessionize clicks, augment, assign membership splits (exactly-once).",
    footer = "Keys for --set/--config: application.id, state.dir, seed, split.target-member, split.target-nonmember, "
        + "split.shadow-member, split.shadow-nonmember, attacker.knows.fraction, min.length, max.length, drop.repeats, "
        + "session.gap.ms, session.grace.ms, closed.session.retention.ms, session.mode, augment.count, augment.train-target, "
        + "augment.idle-release.ms, similarity.top-k, similarity.refresh.ms, chunk.records, chunk.ms, num.stream.threads, "
        + "replication.factor, "
        + "commit.interval.ms, kafka.<any Kafka Streams setting>.")
final class StreamsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;
  @Mixin ConfigOptions config;

  @Mixin TopicOptions topicOptions;

  @Override
  public Integer call() throws Exception {
    StreamsAppConfig streamsConfig = StreamsAppConfig.fromProperties(config.properties(kafka));
    topicOptions.ensureTopics(kafka, streamsConfig.replicationFactor());
    CountDownLatch stopped = new CountDownLatch(1);
    StreamsApp app = StreamsApp.start(streamsConfig);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "streams-shutdown"));
    System.err.println("streams-app running against " + kafka.bootstrapServer() + "; Ctrl-C stops it.");
    stopped.await();
    return 0;
  }
}
