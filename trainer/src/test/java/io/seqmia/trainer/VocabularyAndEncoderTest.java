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

  @Test
  void forwardBatchesKeepTheirLogitsWithinTheBudget() {
    Vocabulary v = Vocabulary.fromSequences(List.of(seq("a", "p", "q", "r", "s", "t")));
    SequenceEncoder encoder = new SequenceEncoder(v, 3);
    // positions: 3 + 1 (capped at max length 3), 2 + 1, 1 + 1, 3 + 1
    List<ClickSequence> batch = List.of(seq("a", "p", "q", "r", "s"), seq("b", "p", "q"), seq("c", "p"),
        seq("d", "p", "q", "r"));
    assertEquals(4, encoder.positions(batch.get(0)));
    // vocabulary 1000: 4,000 + 3,000 = 7,000 floats fit a budget of 7,000; the third would not
    assertEquals(2, TargetInference.batchEnd(batch, 0, encoder, 1000, 7000));
    assertEquals(4, TargetInference.batchEnd(batch, 2, encoder, 1000, 7000));
    // a sequence alone over the budget still goes, alone
    assertEquals(1, TargetInference.batchEnd(batch, 0, encoder, 1000, 10));
    assertEquals(4, TargetInference.batchEnd(batch, 0, encoder, 1, Long.MAX_VALUE));
  }
}
