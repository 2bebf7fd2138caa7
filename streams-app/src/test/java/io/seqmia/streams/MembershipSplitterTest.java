package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.MembershipSplit;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembershipSplitterTest {

  private static final int N = 4000;
  /** About 4.5 standard deviations of a binomial share at p=0.5 and n=4000. */
  private static final double TOLERANCE = 0.035;

  private static Map<MembershipSplit, Double> fractions(double tm, double tn, double sm, double sn) {
    Map<MembershipSplit, Double> m = new EnumMap<>(MembershipSplit.class);
    m.put(MembershipSplit.TARGET_MEMBER, tm);
    m.put(MembershipSplit.TARGET_NONMEMBER, tn);
    m.put(MembershipSplit.SHADOW_MEMBER, sm);
    m.put(MembershipSplit.SHADOW_NONMEMBER, sn);
    return m;
  }

  @Test
  void splitsAreDeterministicAcrossInstancesAndDependOnTheSeed() {
    Map<MembershipSplit, Double> quarters = fractions(0.25, 0.25, 0.25, 0.25);
    MembershipSplitter a = new MembershipSplitter(42, quarters, 0.5);
    MembershipSplitter b = new MembershipSplitter(42, quarters, 0.5);
    MembershipSplitter other = new MembershipSplitter(43, quarters, 0.5);
    int differentSplit = 0;
    for (int i = 0; i < N; i++) {
      String id = "session-" + i;
      assertEquals(a.split(id), b.split(id));
      assertEquals(a.attackerKnows(id), b.attackerKnows(id));
      if (a.split(id) != other.split(id)) {
        differentSplit++;
      }
    }
    // With another seed about 3/4 of sessions land elsewhere.
    assertTrue(differentSplit > N / 2, "seed must matter, only " + differentSplit + " differ");
  }

  @Test
  void fractionsAreMetWithinTolerance() {
    checkFractions(fractions(0.25, 0.25, 0.25, 0.25), 0.5);
    checkFractions(fractions(0.4, 0.1, 0.3, 0.2), 0.2);
  }

  @Test
  void attackerKnowsIsIndependentOfTheSplit() {
    MembershipSplitter s = new MembershipSplitter(7, fractions(0.25, 0.25, 0.25, 0.25), 0.5);
    int targetMembers = 0;
    int knownTargetMembers = 0;
    for (int i = 0; i < N; i++) {
      String id = "s" + i;
      if (s.split(id) == MembershipSplit.TARGET_MEMBER) {
        targetMembers++;
        if (s.attackerKnows(id)) {
          knownTargetMembers++;
        }
      }
    }
    double share = (double) knownTargetMembers / targetMembers;
    assertEquals(0.5, share, 0.08, "attackerKnows within TARGET_MEMBER");
  }

  @Test
  void variantsBecomeTheNonMemberOfTheirSide() {
    assertEquals(MembershipSplit.TARGET_NONMEMBER, MembershipSplitter.nonMemberOfSide(MembershipSplit.TARGET_MEMBER));
    assertEquals(MembershipSplit.TARGET_NONMEMBER, MembershipSplitter.nonMemberOfSide(MembershipSplit.TARGET_NONMEMBER));
    assertEquals(MembershipSplit.SHADOW_NONMEMBER, MembershipSplitter.nonMemberOfSide(MembershipSplit.SHADOW_MEMBER));
    assertEquals(MembershipSplit.SHADOW_NONMEMBER, MembershipSplitter.nonMemberOfSide(MembershipSplit.SHADOW_NONMEMBER));
  }

  private static void checkFractions(Map<MembershipSplit, Double> fractions, double knows) {
    MembershipSplitter s = new MembershipSplitter(42, fractions, knows);
    Map<MembershipSplit, Integer> counts = new EnumMap<>(MembershipSplit.class);
    int known = 0;
    for (int i = 0; i < N; i++) {
      String id = Integer.toString(1_000_000 + i * 7);
      counts.merge(s.split(id), 1, Integer::sum);
      if (s.attackerKnows(id)) {
        known++;
      }
    }
    for (MembershipSplit split : MembershipSplit.values()) {
      double share = counts.getOrDefault(split, 0) / (double) N;
      assertEquals(fractions.get(split), share, TOLERANCE, split + " share");
    }
    assertEquals(knows, known / (double) N, TOLERANCE, "attackerKnows share");
  }

  @Test
  void variantSplitFollowsTrainTarget() {
    for (MembershipSplit s : MembershipSplit.values()) {
      assertEquals(MembershipSplitter.nonMemberOfSide(s), MembershipSplitter.variantSplit(s, false));
      assertEquals(s, MembershipSplitter.variantSplit(s, true));
    }
    assertEquals(MembershipSplit.TARGET_NONMEMBER, MembershipSplitter.variantSplit(MembershipSplit.TARGET_MEMBER, false));
    assertEquals(MembershipSplit.SHADOW_NONMEMBER, MembershipSplitter.variantSplit(MembershipSplit.SHADOW_MEMBER, false));
  }
}
