package io.seqmia.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streams.split.by=content}: sessions with the same item sequence share their split and whether the attacker
 * knows them; with the default (by session) the same pairs disagree about as often as chance says.
 */
class ContentSplitTest {

  private static final long T0 = 1_400_000_000_000L;
  private static final int PAIRS = 200;

  @TempDir Path stateDir;

  /** PAIRS pairs of sessions, the two of a pair with the same three items; how many pairs disagree. */
  private int pairsThatDisagree(SplitBy by, Map<MembershipSplit, Integer> splits) {
    try (TopologyFixture f = new TopologyFixture(stateDir.resolve(by.configValue()),
        b -> b.augmentCount(0).splitBy(by))) {
      for (int p = 0; p < PAIRS; p++) {
        for (String twin : new String[] {"a", "b"}) {
          String session = p + twin;
          for (int k = 0; k < 3; k++) {
            f.click(session, "item-" + p + "-" + k, T0 + 1000 * k);
          }
        }
      }
      f.flush("r", T0 + 10_000);
      Map<String, ClickSequence> byId = new HashMap<>();
      for (ClickSequence s : f.readSequences()) {
        byId.put(s.getSequenceId(), s);
      }
      assertEquals(2 * PAIRS, byId.size());
      int disagree = 0;
      for (int p = 0; p < PAIRS; p++) {
        ClickSequence a = byId.get(p + "a");
        ClickSequence b = byId.get(p + "b");
        if (a.getSplit() != b.getSplit() || a.getAttackerKnows() != b.getAttackerKnows()) {
          disagree++;
        }
        splits.merge(a.getSplit(), 1, Integer::sum);
      }
      return disagree;
    }
  }

  @Test
  void identicalItemSequencesShareTheirSplitOnlyWhenSplitByContent() {
    Map<MembershipSplit, Integer> byContent = new EnumMap<>(MembershipSplit.class);
    assertEquals(0, pairsThatDisagree(SplitBy.CONTENT, byContent));
    // still a uniform draw over the four splits (a quarter each, about 50 of 200 pairs)
    for (MembershipSplit split : MembershipSplit.values()) {
      int n = byContent.getOrDefault(split, 0);
      assertTrue(n > 25 && n < 75, split + ": " + n + " of " + PAIRS + " pairs");
    }
    // by session: split and knows agree with probability 1/4 * 1/2, so about 7/8 of the pairs disagree
    int bySession = pairsThatDisagree(SplitBy.SESSION, new EnumMap<>(MembershipSplit.class));
    assertTrue(bySession > 150, bySession + " of " + PAIRS + " pairs disagree by session");
  }

  @Test
  void theKeyIsTheItemsAndNeverASessionId() {
    assertEquals("s-1", MembershipSplitter.splitKey(SplitBy.SESSION, "s-1", List.of("a", "b")));
    String key = MembershipSplitter.splitKey(SplitBy.CONTENT, "s-1", List.of("a", "b"));
    assertEquals(key, MembershipSplitter.splitKey(SplitBy.CONTENT, "s-2", List.of("a", "b")));
    assertTrue(!key.equals(MembershipSplitter.splitKey(SplitBy.CONTENT, "s-1", List.of("ab"))),
        "the items are separated, so [a, b] is not [ab]");
  }
}
