package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.SequenceVariant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Opt-in measurement on the GRU4Rec-preprocessed YooChoose sample (../shared/data/yoochoose-100k): trains the
 * regular preset on train_full.txt and the overfit preset on a member subset, and prints speed and utility
 * (the numbers in docs/TRAINER.md). Minutes long, so it runs only with -Dseqmia.benchmark=true.
 */
class RealSampleBenchmarkTest {

  private static final Path DATA = Path.of("..", "..", "shared", "data", "yoochoose-100k");
  private static final int OVERFIT_MEMBERS = 3900;
  private static final int OVERFIT_EPOCHS = Integer.getInteger("seqmia.benchmark.overfit.epochs", 40);

  @Test
  void regularAndOverfitOnTheSample() throws IOException {
    assumeTrue(Boolean.getBoolean("seqmia.benchmark"), "opt-in benchmark: run with -Dseqmia.benchmark=true");
    Path train = DATA.resolve("train_full.txt");
    Path test = DATA.resolve("test.txt");
    assumeTrue(Files.isRegularFile(train) && Files.isRegularFile(test),
        "YooChoose sample absent: " + DATA.toAbsolutePath().normalize());
    List<ClickSequence> members = sessions(train, MembershipSplit.TARGET_MEMBER);
    List<ClickSequence> nonMembers = sessions(test, MembershipSplit.TARGET_NONMEMBER);

    try (TrainedTarget regular = TargetTrainer.train(members, nonMembers, TargetModelConfig.regular(),
        EpochListener.logTo(org.slf4j.LoggerFactory.getLogger("io.seqmia.benchmark.regular")))) {
      Utility u = regular.utility(nonMembers);
      System.out.printf("BENCH regular: %d members, %d non-members, %d epochs (best %d) in %.1f s, %.0f tokens/s, "
              + "device %s%n  members %s%n  non-members %s%n", members.size(), nonMembers.size(), regular.epochs(),
          regular.bestEpoch(), regular.trainSeconds(), regular.tokensPerSecond(), regular.device(),
          regular.utility(members), u);
      assertTrue(u.recallAt20() > 0.2, "regular preset should recommend: " + u);
    }

    List<ClickSequence> few = members.subList(0, Math.min(OVERFIT_MEMBERS, members.size()));
    try (TrainedTarget overfit = TargetTrainer.train(few, nonMembers, TargetModelConfig.overfit()
        .withEpochs(OVERFIT_EPOCHS), EpochListener.logTo(org.slf4j.LoggerFactory.getLogger("io.seqmia.benchmark.overfit")))) {
      Utility m = overfit.utility(few);
      Utility n = overfit.utility(nonMembers);
      System.out.printf("BENCH overfit: %d members, %d epochs in %.1f s, %.0f tokens/s%n  members %s%n  non-members %s%n",
          few.size(), overfit.epochs(), overfit.trainSeconds(), overfit.tokensPerSecond(), m, n);
      assertTrue(n.nll() - m.nll() > 1.0, "overfit preset should show a loss gap: " + m + " vs " + n);
    }
  }

  /** GRU4Rec format: a header, then SessionId, ItemId, Time (tab-separated, sorted by session and time). */
  private static List<ClickSequence> sessions(Path file, MembershipSplit split) throws IOException {
    Map<String, List<String>> items = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      items.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
    }
    List<ClickSequence> out = new ArrayList<>(items.size());
    items.forEach((id, list) -> out.add(
        TestSequences.sequence(split + "-" + id, list, split, SequenceVariant.ORIGINAL, null, false)));
    return out;
  }
}
