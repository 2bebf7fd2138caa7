package io.seqmia.cli;

import io.seqmia.broker.TopicReader;
import org.apache.kafka.common.serialization.Serdes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.Topics;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqmia generate --bootstrap-server} and {@code seqmia replay} against the real broker, and bad flags. */
@BrokerTest
class ReplayCommandTest {

  @Test
  void generateStraightIntoKafkaThenReplayAFileInTimeOrder(KafkaBroker broker, @TempDir Path dir) throws Exception {
    String prefix = "cli-gen-" + UUID.randomUUID() + ".";
    SeqmiaCommandTest.Run generate = SeqmiaCommandTest.run("generate", "--sessions", "100", "--seed", "4",
        "--bootstrap-server", broker.bootstrapServers(), "--topic-prefix", prefix, "--run-id", "gen-run");
    assertEquals(0, generate.exitCode(), generate.err());
    assertTrue(generate.out().contains("records produced") && generate.out().contains("run gen-run"), generate.out());
    long produced = Long.parseLong(generate.out().replaceAll("(?s).*?([0-9,]+) records produced.*", "$1").replace(",", ""));
    assertEquals(produced + 2, count(broker, Topics.withPrefix(prefix).clicks().name()),
        "every generated click and one flush marker per partition arrived");

    Path file = dir.resolve("clicks.dat");
    assertEquals(0, SeqmiaCommandTest.run("generate", "--sessions", "50", "--out", file.toString()).exitCode());
    long lines = Files.readAllLines(file).size();
    String replayPrefix = "cli-replay-" + UUID.randomUUID() + ".";
    SeqmiaCommandTest.Run replay = SeqmiaCommandTest.run("replay", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", replayPrefix, "--file", file.toString(), "--order", "time", "--limit", "20");
    assertEquals(0, replay.exitCode(), replay.err());
    assertTrue(replay.out().contains(lines + " lines read, 20 records produced, 0 lines rejected, " + (lines - 20)
        + " skipped"), replay.out());
    assertEquals(22, count(broker, Topics.withPrefix(replayPrefix).clicks().name()));
  }

  @Test
  void badFlagsExitTwoWithWhatToFix(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("one.dat"), "1,2014-04-07T10:51:09.277Z,214536502,0\n");
    SeqmiaCommandTest.Run speed = SeqmiaCommandTest.run("replay", "--bootstrap-server", "localhost:1",
        "--file", file.toString(), "--speed", "fast");
    assertEquals(2, speed.exitCode());
    assertTrue(speed.err().contains("--speed fast: expected 'max' or a positive factor like '60x'"), speed.err());

    SeqmiaCommandTest.Run order = SeqmiaCommandTest.run("replay", "--bootstrap-server", "localhost:1",
        "--file", file.toString(), "--order", "random");
    assertEquals(2, order.exitCode());
    assertTrue(order.err().contains("--order random: expected file or time"), order.err());

    SeqmiaCommandTest.Run both = SeqmiaCommandTest.run("replay", "--bootstrap-server", "localhost:1",
        "--file", file.toString(), "--rate", "10", "--speed", "60x");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("choose one"), both.err());

    SeqmiaCommandTest.Run from = SeqmiaCommandTest.run("replay", "--bootstrap-server", "localhost:1",
        "--file", file.toString(), "--from", "yesterday");
    assertEquals(2, from.exitCode());
    assertTrue(from.err().contains("--from yesterday: expected an ISO date"), from.err());

    SeqmiaCommandTest.Run nothing = SeqmiaCommandTest.run("generate", "--sessions", "10");
    assertEquals(2, nothing.exitCode());
    assertTrue(nothing.err().contains("pass --out FILE, --bootstrap-server HOST:PORT, or both"), nothing.err());
  }

  @Test
  void replaysTheOtherFormatsDetectedFromTheirFirstLines(KafkaBroker broker, @TempDir Path dir) throws Exception {
    Path prepared = dir.resolve("train.txt");
    Files.writeString(prepared, "SessionId\tItemId\tTime\n"
        + "1\t214536502\t1396437466.94\n1\t214536506\t1396437500.1\n2\t214662742\t1396438212.318\n"
        + "2\t214662743\tyesterday\n");
    String prefix = "cli-prepared-" + UUID.randomUUID() + ".";
    SeqmiaCommandTest.Run replay = SeqmiaCommandTest.run("replay", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", prefix, "--file", prepared.toString());
    assertEquals(0, replay.exitCode(), replay.err());
    assertTrue(replay.out().contains("4 lines read, 3 records produced, 1 lines rejected"), replay.out());
    assertEquals(3 + 2, count(broker, Topics.withPrefix(prefix).clicks().name()), "3 clicks and 2 flush markers");
    assertEquals(1, count(broker, Topics.withPrefix(prefix).clicksDlq().name()));

    Path movielens = dir.resolve("ratings.csv");
    Files.writeString(movielens, "userId,movieId,rating,timestamp\n7,10,4.0,1000000\n7,11,3.5,1000060\n"
        + "7,12,5.0,1900000\n8,10,2.0,1000000\n");
    String mlPrefix = "cli-ml-" + UUID.randomUUID() + ".";
    SeqmiaCommandTest.Run ml = SeqmiaCommandTest.run("replay", "--bootstrap-server", broker.bootstrapServers(),
        "--topic-prefix", mlPrefix, "--file", movielens.toString(), "--key", "user", "--gap-minutes", "60");
    assertEquals(0, ml.exitCode(), ml.err());
    assertTrue(ml.out().contains("4 lines read, 4 records produced, 0 lines rejected"), ml.out());

    SeqmiaCommandTest.Run bad = SeqmiaCommandTest.run("replay", "--bootstrap-server", broker.bootstrapServers(),
        "--file", movielens.toString(), "--format", "parquet");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--format parquet") && bad.err().contains("movielens-csv"), bad.err());
  }

  /** Records on the topic (read to its end; the replay has flushed before returning). */
  private static long count(KafkaBroker broker, String topic) {
    return TopicReader.readAll(broker.bootstrapServers(),
        new io.seqmia.schemas.Topic<>(topic, Serdes.String(), Serdes.ByteArray())).size();
  }
}
