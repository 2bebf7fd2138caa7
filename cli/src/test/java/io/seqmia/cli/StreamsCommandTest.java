package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** `seqmia streams` exits 0 when it was stopped, and 1 when Kafka Streams gave up on its own. */
class StreamsCommandTest {

  @Test
  void aFatalErrorEndsTheProcessWithStatusOne() throws Exception {
    AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread failing = new Thread(() -> {
      sleep(50);
      state.set(KafkaStreams.State.REBALANCING);
      sleep(50);
      state.set(KafkaStreams.State.ERROR); // the uncaught-exception handler answered SHUTDOWN_CLIENT
    });
    failing.start();
    assertEquals(1, StreamsCommand.awaitEnd(state::get, () -> false, stopped, Duration.ofMillis(10)));
  }

  @Test
  void aStopFromTheShutdownHookEndsWithStatusZeroThoughStreamsPassesNotRunning() throws Exception {
    AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    new Thread(() -> { // what the shutdown hook does
      sleep(50);
      stopping.set(true);
      state.set(KafkaStreams.State.PENDING_SHUTDOWN);
      sleep(30);
      state.set(KafkaStreams.State.NOT_RUNNING);
      sleep(30);
      stopped.countDown();
    }).start();
    assertEquals(0, StreamsCommand.awaitEnd(state::get, stopping::get, stopped, Duration.ofMillis(5)));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
