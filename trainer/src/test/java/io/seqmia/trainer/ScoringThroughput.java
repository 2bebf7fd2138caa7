package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import java.util.List;

/**
 * Scoring throughput probe (not a test): trains a 1-epoch target over {@code items} items, then scores
 * {@code count} sequences in the bulk run's batch size and prints vectors per second.
 * Usage: ScoringThroughput ITEMS COUNT BATCH...
 */
public final class ScoringThroughput {

  public static void main(String[] args) {
    int items = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    TestSequences data = new TestSequences(items, 3, 5);
    List<ClickSequence> members = data.sequences("m", items, MembershipSplit.TARGET_MEMBER, 2, 8);
    List<ClickSequence> probe = data.sequences("p", count, MembershipSplit.TARGET_NONMEMBER, 2, 8);
    TargetModelConfig config = TargetModelConfig.defaults().withEpochs(1);
    java.nio.file.Path saved = java.nio.file.Path.of(System.getProperty("probe.model", "/tmp/probe-model-" + items));
    if (!TrainedTarget.isCheckpoint(saved)) {
      try (TrainedTarget trained = TargetTrainer.train(members, List.of(), config, null)) {
        System.out.printf("trained 1 epoch in %.1f s: %.0f tokens/s%n", trained.trainSeconds(),
            trained.tokensPerSecond());
        trained.save(saved);
      }
    }
    try (TrainedTarget target = TrainedTarget.load(saved)) {
      System.out.println("vocabulary " + target.vocabulary().items().size());
      for (int a = 2; a < args.length; a++) {
        int batch = Integer.parseInt(args[a]);
        target.score(probe.subList(0, batch * 2), ModelRole.TARGET); // warm-up
        long start = System.nanoTime();
        for (int from = 0; from < probe.size(); from += batch) {
          target.score(probe.subList(from, Math.min(probe.size(), from + batch)), ModelRole.TARGET);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("batch %d: scored %d in %.1f s: %.0f vectors/s%n", batch, probe.size(), seconds,
            probe.size() / seconds);
      }
    }
  }
}
