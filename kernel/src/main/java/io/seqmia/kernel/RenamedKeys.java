package io.seqmia.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration keys renamed when each stage got its own prefix (docs/CONFIGURATION.md, "Renamed keys"): old
 * name to new. The old names still work, with a warning, so existing files and scripts keep running; a stage reads
 * them whichever stage is parsing, so one shared file of old names still configures every stage.
 */
public final class RenamedKeys {

  private static final List<String> STREAMS = List.of("application.id", "state.dir", "seed", "split.target-member",
      "split.target-nonmember", "split.shadow-member", "split.shadow-nonmember", "attacker.knows.fraction",
      "min.length", "max.length", "drop.repeats", "session.mode", "session.gap.ms", "session.grace.ms",
      "closed.session.retention.ms", "augment.idle-release.ms", "augment.count", "augment.train-target",
      "similarity.top-k", "similarity.refresh.ms", "chunk.records", "chunk.ms", "num.stream.threads",
      "replication.factor", "commit.interval.ms");
  private static final List<String> TRAINER = List.of("group.id", "progress.timeout.ms", "shadow.enabled",
      "model.dir", "model.preset", "model.embedding.size", "model.heads", "model.layers", "model.feed.forward.size",
      "model.max.length", "model.dropout", "model.learning.rate", "model.weight.decay", "model.batch.size",
      "model.epochs", "model.seed");

  /** Old name to new name. */
  public static final Map<String, String> NEW_NAMES;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    STREAMS.forEach(k -> m.put(k, "streams." + k));
    TRAINER.forEach(k -> m.put(k, "trainer." + k));
    m.put("idle.timeout.ms", "trainer.progress.timeout.ms");
    NEW_NAMES = java.util.Collections.unmodifiableMap(m);
  }

  private RenamedKeys() {}
}
