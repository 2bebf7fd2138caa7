package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.SequenceVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {

  @Test
  void aSmallBudgetSpillsToAFileAndEverySequenceReadsBackInIdOrder(@TempDir Path dir) {
    TestSequences data = new TestSequences(300, 4, 11);
    List<ClickSequence> all = new ArrayList<>();
    all.addAll(data.sequences("m", 400, MembershipSplit.TARGET_MEMBER, 2, 30));
    all.addAll(data.sequences("n", 200, MembershipSplit.TARGET_NONMEMBER, 2, 30));
    all.addAll(data.sequences("s", 200, MembershipSplit.SHADOW_MEMBER, 2, 30));
    all.add(TestSequences.augmented(all.get(3), 1, "item-7"));
    Path spilled;
    try (SequenceStore store = new SequenceStore(2_000, dir)) {
      for (int i = 0; i < all.size(); i++) {
        store.add(all.get(i), 1000 + i);
      }
      assertEquals(all.size(), store.size(), "no sequence is dropped");
      assertTrue(store.memoryBytes() <= 2_000, "heap part within the budget: " + store.memoryBytes());
      assertTrue(store.spilledBytes() > 0, "the rest is in the spill file");
      spilled = store.spillFile();
      assertNotNull(spilled);
      assertTrue(Files.isRegularFile(spilled) && spilled.startsWith(dir));

      List<ClickSequence> members = store.side(MembershipSplit.TARGET_MEMBER, false);
      List<ClickSequence> targetSide = store.ofRole(ModelRole.TARGET);
      assertEquals(400, members.size());
      List<ClickSequence> expected = all.stream().filter(s -> s.getSplit() != MembershipSplit.SHADOW_MEMBER)
          .sorted(SequenceStore.BY_ID).toList();
      for (int i = 0; i < expected.size(); i++) {
        ClickSequence want = expected.get(i);
        ClickSequence got = targetSide.get(i);
        assertEquals(want.getSequenceId(), got.getSequenceId());
        assertEquals(want.getItemIds(), got.getItemIds());
        assertEquals(want.getVariant(), got.getVariant());
        assertEquals(want.getParentSequenceId(), got.getParentSequenceId());
        assertEquals(want.getAttackerKnows(), got.getAttackerKnows());
        assertEquals(want.getSessionId(), got.getSessionId());
      }
      assertEquals(201, store.side(MembershipSplit.TARGET_NONMEMBER, false).size(), "with the augmented variant");
      assertEquals(200, store.side(MembershipSplit.TARGET_NONMEMBER, true).size(), "originals only");
      assertEquals(601, store.ofRole(ModelRole.TARGET).size());
      assertEquals(200, store.ofRole(ModelRole.SHADOW).size());
      assertEquals(1003L, store.producedAt(all.get(3).getSequenceId()));
      assertNull(store.producedAt("nope"));

      // A re-sent id replaces the earlier one: still one sequence, with the new items.
      ClickSequence resent = TestSequences.sequence(all.get(0).getSequenceId(), List.of("item-1", "item-2"),
          MembershipSplit.TARGET_MEMBER, SequenceVariant.ORIGINAL, null, true);
      store.add(resent, 5);
      assertEquals(all.size(), store.size());
      ClickSequence back = store.side(MembershipSplit.TARGET_MEMBER, false).stream()
          .filter(s -> s.getSequenceId().equals(resent.getSequenceId())).findFirst().orElseThrow();
      assertEquals(List.of("item-1", "item-2"), back.getItemIds());
      assertTrue(back.getAttackerKnows());
    }
    assertFalse(Files.exists(spilled), "the spill file is deleted on close");
  }

  @Test
  void theMemberSampleIsSeededBoundedAndIndependentOfArrivalOrder() {
    TestSequences data = new TestSequences(50, 4, 3);
    List<ClickSequence> members = data.sequences("m", 300, MembershipSplit.TARGET_MEMBER, 2, 6);
    SequenceStore forward = new SequenceStore();
    SequenceStore backward = new SequenceStore(0, null);
    for (int i = 0; i < members.size(); i++) {
      forward.add(members.get(i), i);
      backward.add(members.get(members.size() - 1 - i), i);
    }
    try (forward; backward) {
      List<String> a = ids(MemberSampler.sample(forward.side(MembershipSplit.TARGET_MEMBER, false), 100, 7));
      List<String> b = ids(MemberSampler.sample(backward.side(MembershipSplit.TARGET_MEMBER, false), 100, 7));
      assertEquals(100, a.size());
      assertEquals(a, b, "the sample depends on the set and the seed, not on the order read");
      assertEquals(a.stream().sorted().toList(), a, "in sequence-id order");
      List<String> other = ids(MemberSampler.sample(forward.side(MembershipSplit.TARGET_MEMBER, false), 100, 8));
      assertFalse(a.equals(other), "another seed, another sample");
      Set<String> larger = new HashSet<>(ids(MemberSampler.sample(forward.side(MembershipSplit.TARGET_MEMBER,
          false), 200, 7)));
      assertTrue(larger.containsAll(a), "a larger sample contains the smaller one");
      assertEquals(300, MemberSampler.sample(forward.side(MembershipSplit.TARGET_MEMBER, false), 0, 7).size(),
          "0: all members");
    }
  }

  private static List<String> ids(List<ClickSequence> sequences) {
    return sequences.stream().map(ClickSequence::getSequenceId).toList();
  }
}
