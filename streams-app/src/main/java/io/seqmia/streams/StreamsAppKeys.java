package io.seqmia.streams;

import static io.seqmia.streams.StreamsAppConfig.*;

import io.seqmia.kernel.StageConfigDef;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The streams stage's keys, declared once with type, default, validator and documentation ({@link
 * StreamsAppConfig#DEFINITION}); the names and defaults are {@link StreamsAppConfig}'s constants.
 */
final class StreamsAppKeys {

  private StreamsAppKeys() {}

  static StageConfigDef definition() {
    return new StageConfigDef("streams",
        "The Kafka Streams stage (`seqmia streams`): sessionizes clicks, derives augmented variants and assigns"
            + " each sequence its membership split, exactly once.")
        .define(APPLICATION_ID, Type.STRING, DEFAULT_APPLICATION_ID, StageConfigDef.check(
            v -> v.toString().matches("[a-zA-Z0-9._-]+") ? null : "only letters, digits, '.', '_' and '-'",
            "letters, digits, . _ -"), "Kafka Streams application id: the group, and the prefix of its internal topics.")
        .define(STATE_DIR, Type.STRING, null,
            "Folder of the local state stores (unset: seqmia-streams-state in the system's temp folder).")
        .define(SEED, Type.LONG, DEFAULT_SEED, "Seed of the membership split and of the augmentation.")
        .define(SPLIT_TARGET_MEMBER, Type.DOUBLE, DEFAULT_SPLIT_FRACTION, Range.between(0, 1),
            "Fraction of sessions the target model trains on. The four split fractions sum to 1.")
        .define(SPLIT_TARGET_NONMEMBER, Type.DOUBLE, DEFAULT_SPLIT_FRACTION, Range.between(0, 1),
            "Fraction of sessions the target never sees (its non-members).")
        .define(SPLIT_SHADOW_MEMBER, Type.DOUBLE, DEFAULT_SPLIT_FRACTION, Range.between(0, 1),
            "Fraction of sessions the shadow model trains on.")
        .define(SPLIT_SHADOW_NONMEMBER, Type.DOUBLE, DEFAULT_SPLIT_FRACTION, Range.between(0, 1),
            "Fraction of sessions the shadow model never sees.")
        .define(ATTACKER_KNOWS_FRACTION, Type.DOUBLE, DEFAULT_ATTACKER_KNOWS_FRACTION, Range.between(0, 1),
            "Fraction of target sequences whose membership the attacker is told (the labelled mode's training set).")
        .define(SPLIT_BY, Type.STRING, DEFAULT_SPLIT_BY.configValue(), ConfigDef.ValidString.in(
            SplitBy.SESSION.configValue(), SplitBy.CONTENT.configValue()),
            "What the split is a hash of: session (each session its own draw) or content (identical item sequences"
                + " share a split, so no non-member is an exact copy of a member).")
        .define(MIN_LENGTH, Type.INT, DEFAULT_MIN_LENGTH, Range.atLeast(1), "Shortest sequence emitted, in items.")
        .define(MAX_LENGTH, Type.INT, DEFAULT_MAX_LENGTH, Range.atLeast(1),
            "Longest sequence: longer sessions keep their last items. At least the minimum length.")
        .define(DROP_REPEATS, Type.BOOLEAN, DEFAULT_DROP_REPEATS,
            "Drop consecutive repeats of an item (a, a, b is a, b); a session left too short is not emitted.")
        .define(SESSION_MODE, Type.STRING, DEFAULT_SESSION_MODE.configValue(), ConfigDef.ValidString.in(
            SessionMode.SESSION_ID.configValue(), SessionMode.USER_GAP.configValue()),
            "session-id: one sequence per session id (YooChoose); user-gap: a user's clicks cut at gaps (MovieLens).")
        .define(SESSION_GAP_MS, Type.LONG, DEFAULT_SESSION_GAP.toMillis(), Range.atLeast(1),
            "Event-time gap that closes a session (ms).")
        .define(GRACE_MS, Type.LONG, DEFAULT_GRACE.toMillis(), Range.atLeast(0),
            "How long after its gap a session still takes late clicks (ms of stream time).")
        .define(CLOSED_RETENTION_MS, Type.LONG, DEFAULT_CLOSED_RETENTION.toMillis(), Range.atLeast(1),
            "How long a closed session id is remembered so that its stragglers count as late (ms of stream time).")
        .define(AUGMENT_IDLE_RELEASE_MS, Type.LONG, DEFAULT_AUGMENT_IDLE_RELEASE.toMillis(), Range.atLeast(1),
            "Without flush markers (live), buffered sessions are augmented once nothing new arrived for this long (ms).")
        .define(AUGMENT_COUNT, Type.INT, DEFAULT_AUGMENT_COUNT, Range.atLeast(0),
            "Augmented variants per session (one item swapped for a similar one); 0 disables augmentation.")
        .define(AUGMENT_TRAIN_TARGET, Type.BOOLEAN, DEFAULT_AUGMENT_TRAIN_TARGET,
            "Variants of members are members too (default: non-members of their parent's side; docs/STREAMS.md).")
        .define(SIMILARITY_TOP_K, Type.INT, DEFAULT_SIMILARITY_TOP_K, Range.atLeast(1),
            "Neighbours kept per item in the co-occurrence similarity.")
        .define(SIMILARITY_REFRESH_MS, Type.LONG, DEFAULT_SIMILARITY_REFRESH.toMillis(), Range.atLeast(1),
            "Live mode: how often the similarity snapshot is recomputed (ms).")
        .define(CHUNK_RECORDS, Type.INT, DEFAULT_CHUNK_RECORDS, Range.atLeast(1),
            "The most sessions one processing step closes, augments or forgets; it then yields and Streams commits.")
        .define(CHUNK_MS, Type.LONG, DEFAULT_CHUNK_TIME.toMillis(), Range.atLeast(1),
            "The longest one such step runs (ms, wall clock).")
        .define(NUM_STREAM_THREADS, Type.INT, DEFAULT_NUM_STREAM_THREADS, Range.atLeast(1),
            "Kafka Streams threads in this instance.")
        .define(REPLICATION_FACTOR, Type.SHORT, DEFAULT_REPLICATION_FACTOR, Range.atLeast(1),
            "Replication of the internal topics and of the topics the command creates (1 for a single broker).")
        .define(COMMIT_INTERVAL_MS, Type.LONG, DEFAULT_COMMIT_INTERVAL_MS, Range.atLeast(1),
            "Kafka Streams commit interval (ms): each commit ends an exactly-once transaction.");
  }
}
