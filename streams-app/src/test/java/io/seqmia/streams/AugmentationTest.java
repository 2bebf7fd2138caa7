package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.SequenceVariant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import io.seqmia.schemas.MembershipSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentationTest {

  private static final long T0 = 1_400_000_000_000L;

  @TempDir Path dir;

  /**
   * All sessions end at the same event time, so the augmenter releases them in sequence-id order at the
   * flush, augmenting each with the similarity learnt from the ones before it. Before the probe [a, q],
   * "a" co-occurred with b three times, c twice, d once: n_a = 6, n_b = 3, n_c = 2, n_d = 1, so
   * cos(a,b) = 3/sqrt(18) = .71, cos(a,c) = 2/sqrt(12) = .58, cos(a,d) = 1/sqrt(6) = .41. With top-K = 2
   * the neighbours of a are {b, c}; q was never seen. So the variant must put b or c at position 0.
   */
  private static List<ClickSequence> run(Path stateDir) {
    return run(stateDir, b -> b);
  }

  private static List<ClickSequence> run(Path stateDir, UnaryOperator<StreamsAppConfig.Builder> more) {
    try (TopologyFixture f = new TopologyFixture(stateDir, b -> more.apply(b.similarityTopK(2).augmentCount(1)))) {
      feed(f, "s1", "a", "b");
      feed(f, "s2", "a", "b");
      feed(f, "s3", "b", "a");
      feed(f, "s4", "a", "c");
      feed(f, "s5", "c", "a");
      feed(f, "s6", "a", "d");
      feed(f, "z-probe", "a", "q");
      f.flush("r", T0 + 10_000);
      assertEquals(f.sequences.getQueueSize() - 7, f.counters.augmentedEmitted.get(), "7 originals, the rest variants");
      assertEquals(7 - f.counters.augmentedEmitted.get(), f.counters.augmentSkipped.get());
      return f.readSequences();
    }
  }

  private static void feed(TopologyFixture f, String session, String... items) {
    for (int i = 0; i < items.length; i++) {
      f.click(session, items[i], T0 + i * 1000L);
    }
  }

  @Test
  void variantReplacesOnePositionWithATopNeighbourNotInTheSequence() {
    List<ClickSequence> out = run(dir.resolve("one"));
    Map<String, ClickSequence> byId = out.stream().collect(Collectors.toMap(ClickSequence::getSequenceId, s -> s));
    ClickSequence probe = byId.get("z-probe");
    ClickSequence variant = byId.get("z-probe#a1");
    assertNotNull(variant, "the probe must have a variant: " + byId.keySet());
    assertEquals(SequenceVariant.AUGMENTED, variant.getVariant());
    assertEquals("z-probe", variant.getParentSequenceId());
    assertEquals("z-probe", variant.getSessionId());
    assertEquals(0, variant.getReplacedPosition());
    String replacement = variant.getItemIds().get(0);
    assertTrue(Set.of("b", "c").contains(replacement), "replacement " + replacement + " is not a top-2 neighbour of a");
    assertFalse(probe.getItemIds().contains(replacement));
    assertEquals(probe.getItemIds().get(1), variant.getItemIds().get(1));
    assertEquals(probe.getTimestamps(), variant.getTimestamps());
    assertEquals(MembershipSplitter.nonMemberOfSide(probe.getSplit()), variant.getSplit());
    assertEquals(probe.getAttackerKnows(), variant.getAttackerKnows());
    // Variants come from the augmenter, after the ORIGINALs of the flush.
    assertTrue(out.indexOf(variant) > out.indexOf(probe));
    // Every session is augmented from the snapshot of all of them, the first one closed too: s1 = [a, b]
    // can only swap a for c (b is in it, and b's one neighbour is a).
    assertEquals(List.of("c", "b"), byId.get("s1#a1").getItemIds());
  }

  @Test
  void augmentationIsIdenticalOnAFreshReplay() {
    List<ClickSequence> first = run(dir.resolve("first"));
    List<ClickSequence> second = run(dir.resolve("second"));
    assertEquals(first, second);
    List<String> variants = new ArrayList<>();
    for (ClickSequence s : first) {
      if (s.getVariant() == SequenceVariant.AUGMENTED) {
        variants.add(s.getSequenceId());
      }
    }
    assertTrue(variants.size() >= 3, "expected several variants, got " + variants);
  }

  /** Every original a member (target or shadow): variants follow augment.train-target. */
  private static List<ClickSequence> allMembers(Path dir, boolean trainTarget) {
    return run(dir, b -> b.splitFraction(MembershipSplit.TARGET_MEMBER, 0.5)
        .splitFraction(MembershipSplit.TARGET_NONMEMBER, 0).splitFraction(MembershipSplit.SHADOW_MEMBER, 0.5)
        .splitFraction(MembershipSplit.SHADOW_NONMEMBER, 0).augmentTrainTarget(trainTarget));
  }

  @Test
  void variantsOfMembersAreNonMembersOfTheirSideByDefaultAndMembersWithTrainTarget() {
    for (boolean trainTarget : new boolean[] {false, true}) {
      List<ClickSequence> out = allMembers(dir.resolve("tt-" + trainTarget), trainTarget);
      Map<String, ClickSequence> byId = out.stream().collect(Collectors.toMap(ClickSequence::getSequenceId, s -> s));
      List<ClickSequence> variants = out.stream().filter(s -> s.getVariant() == SequenceVariant.AUGMENTED).toList();
      assertFalse(variants.isEmpty());
      for (ClickSequence v : variants) {
        MembershipSplit parent = byId.get(v.getParentSequenceId()).getSplit();
        assertTrue(parent == MembershipSplit.TARGET_MEMBER || parent == MembershipSplit.SHADOW_MEMBER);
        MembershipSplit expected = trainTarget ? parent
            : parent == MembershipSplit.TARGET_MEMBER ? MembershipSplit.TARGET_NONMEMBER : MembershipSplit.SHADOW_NONMEMBER;
        assertEquals(expected, v.getSplit(), "train-target=" + trainTarget + ": " + v.getSequenceId());
      }
    }
  }
}
