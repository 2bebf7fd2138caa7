package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.MembershipSplit;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    p.setProperty(StreamsAppConfig.BOOTSTRAP_SERVERS, "localhost:9092");
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaults() {
    StreamsAppConfig c = StreamsAppConfig.fromProperties(props());
    assertEquals("localhost:9092", c.bootstrapServers());
    assertEquals("clicks", c.topics().clicks().name());
    assertEquals("seqmia-streams", c.applicationId());
    assertEquals(42L, c.seed());
    for (MembershipSplit s : MembershipSplit.values()) {
      assertEquals(0.25, c.fraction(s));
    }
    assertEquals(0.5, c.attackerKnowsFraction());
    assertEquals(2, c.minLength());
    assertEquals(20, c.maxLength());
    assertTrue(c.dropRepeats());
    assertEquals(Duration.ofMinutes(30), c.sessionGap());
    assertEquals(Duration.ofMinutes(5), c.grace());
    assertEquals(1, c.augmentCount());
    assertEquals(20, c.similarityTopK());
    assertEquals(Duration.ofMinutes(1), c.similarityRefresh());
    assertEquals(2000, c.chunkRecords());
    assertEquals(Duration.ofSeconds(1), c.chunkTime());
    assertEquals(1, c.numStreamThreads());
    assertEquals((short) 1, c.replicationFactor());
    assertEquals(100L, c.commitIntervalMs());
    assertEquals(SessionMode.SESSION_ID, c.sessionMode());
    assertEquals(false, c.augmentTrainTarget());
    assertEquals(c, StreamsAppConfig.builder("localhost:9092", c.topics()).build());
  }

  @Test
  void overridesAreRead() {
    StreamsAppConfig c = StreamsAppConfig.fromProperties(props(
        StreamsAppConfig.TOPIC_PREFIX, "p1.",
        StreamsAppConfig.SPLIT_TARGET_MEMBER, "0.4",
        StreamsAppConfig.SPLIT_SHADOW_MEMBER, "0.1",
        StreamsAppConfig.SESSION_GAP_MS, "60000",
        StreamsAppConfig.DROP_REPEATS, "false",
        StreamsAppConfig.SESSION_MODE, "user-gap",
        StreamsAppConfig.AUGMENT_TRAIN_TARGET, "true",
        StreamsAppConfig.REPLICATION_FACTOR, "3",
        StreamsAppConfig.CHUNK_RECORDS, "500",
        StreamsAppConfig.CHUNK_MS, "250",
        StreamsAppConfig.SIMILARITY_REFRESH_MS, "5000",
        "kafka.security.protocol", "SSL"));
    assertEquals(500, c.chunkRecords());
    assertEquals(Duration.ofMillis(250), c.chunkTime());
    assertEquals(Duration.ofSeconds(5), c.similarityRefresh());
    assertEquals("p1.clicks", c.topics().clicks().name());
    assertEquals(0.4, c.fraction(MembershipSplit.TARGET_MEMBER));
    assertEquals(Duration.ofMinutes(1), c.sessionGap());
    assertEquals(false, c.dropRepeats());
    assertEquals(SessionMode.USER_GAP, c.sessionMode());
    assertEquals(true, c.augmentTrainTarget());
    assertEquals("SSL", SeqmiaTopology.streamsConfig(c).get("security.protocol"));
    assertEquals(3, SeqmiaTopology.streamsConfig(c).get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
  }

  @Test
  void badValuesNameTheKey() {
    assertMessage(new Properties(), "bootstrap.servers");
    assertMessage(props(StreamsAppConfig.MIN_LENGTH, "0"), "min.length");
    assertMessage(props(StreamsAppConfig.MAX_LENGTH, "1"), "max.length");
    assertMessage(props(StreamsAppConfig.SEED, "forty-two"), "seed");
    assertMessage(props(StreamsAppConfig.SPLIT_TARGET_MEMBER, "0.5"), "must sum to 1");
    assertMessage(props(StreamsAppConfig.SPLIT_SHADOW_NONMEMBER, "-0.1"), "split.shadow-nonmember");
    assertMessage(props(StreamsAppConfig.ATTACKER_KNOWS_FRACTION, "1.5"), "attacker.knows.fraction");
    assertMessage(props(StreamsAppConfig.DROP_REPEATS, "yes"), "drop.repeats");
    assertMessage(props(StreamsAppConfig.SESSION_GAP_MS, "0"), "session.gap.ms");
    assertMessage(props(StreamsAppConfig.TOPIC_PREFIX, "bad prefix"), "topic.prefix");
    assertMessage(props(StreamsAppConfig.REPLICATION_FACTOR, "0"), "replication.factor");
    assertMessage(props(StreamsAppConfig.AUGMENT_COUNT, "-1"), "augment.count");
    assertMessage(props(StreamsAppConfig.SESSION_MODE, "by-user"), "session.mode");
    assertMessage(props(StreamsAppConfig.SESSION_MODE, "by-user"), "session-id, user-gap");
    assertMessage(props(StreamsAppConfig.AUGMENT_TRAIN_TARGET, "maybe"), "augment.train-target");
    assertMessage(props(StreamsAppConfig.CHUNK_RECORDS, "0"), "chunk.records");
    assertMessage(props(StreamsAppConfig.CHUNK_MS, "0"), "chunk.ms");
    assertMessage(props(StreamsAppConfig.SIMILARITY_REFRESH_MS, "-5"), "similarity.refresh.ms");
  }

  @Test
  void streamsConfigIsExactlyOnce() {
    StreamsAppConfig c = StreamsAppConfig.builder("h:1", io.seqmia.schemas.Topics.defaults())
        .numStreamThreads(2).commitIntervalMs(250).build();
    Properties p = SeqmiaTopology.streamsConfig(c);
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals(1, p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
    assertEquals(250L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    assertEquals(2, p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    assertEquals(c.stateDir().toString(), p.get(StreamsConfig.STATE_DIR_CONFIG));
    assertEquals("seqmia-streams", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  private static void assertMessage(Properties p, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamsAppConfig.fromProperties(p));
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should mention " + expected);
  }
}
