package io.seqmia.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.SequenceVariant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyAndEncoderTest {

  private static ClickSequence seq(String id, String... items) {
    return TestSequences.sequence(id, List.of(items), MembershipSplit.TARGET_MEMBER, SequenceVariant.ORIGINAL,
        null, false);
  }

  @Test
  void specialTokensFirstThenItemsInFirstSeenOrder() {
    Vocabulary v = Vocabulary.fromSequences(List.of(seq("a", "x", "y", "x"), seq("b", "z", "y")));
    assertEquals(7, v.size());
    assertEquals(4, v.indexOf("x"));
    assertEquals(5, v.indexOf("y"));
    assertEquals(6, v.indexOf("z"));
    assertEquals(Vocabulary.OOV, v.indexOf("never-seen"));
    assertEquals(List.of("x", "y", "z"), v.items());
    assertEquals("z", v.itemAt(6));
  }

  @Test
  void inputIsStartPlusItemsTargetIsItemsPlusEndRightPadded() {
    Vocabulary v = Vocabulary.fromSequences(List.of(seq("a", "x", "y", "z")));
    EncodedBatch b = new SequenceEncoder(v, 20).encode(List.of(seq("a", "x", "y", "z"), seq("b", "y", "unknown")));
    assertEquals(4, b.time());
    assertArrayEquals(new long[] {1, 4, 5, 6, 1, 5, 3, 0}, b.tokens());
    assertArrayEquals(new long[] {4, 5, 6, 2, 5, 3, 2}, b.targets());
    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6}, b.realRows());
    assertArrayEquals(new int[] {4, 3}, b.realCounts());
  }

  @Test
  void longSequencesKeepTheirMostRecentItems() {
    Vocabulary v = Vocabulary.fromSequences(List.of(seq("a", "p", "q", "r", "s", "t")));
    EncodedBatch b = new SequenceEncoder(v, 3).encode(List.of(seq("a", "p", "q", "r", "s", "t")));
    assertEquals(4, b.time());
    // r, s, t are indices 6, 7, 8
    assertArrayEquals(new long[] {1, 6, 7, 8}, b.tokens());
    assertArrayEquals(new long[] {6, 7, 8, 2}, b.targets());
  }
}
