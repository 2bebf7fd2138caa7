package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item ids to model indices: PAD=0, START=1, END=2, OOV=3, then the items of the training (member)
 * sequences in first-seen order. Items the model never trained on map to OOV.
 */
public final class Vocabulary {

  public static final int PAD = 0;
  public static final int START = 1;
  public static final int END = 2;
  public static final int OOV = 3;
  public static final int SPECIAL_TOKENS = 4;
  private static final List<String> SPECIAL_NAMES = List.of("<pad>", "<start>", "<end>", "<oov>");

  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> items = new ArrayList<>(SPECIAL_NAMES);

  private Vocabulary() {}

  public static Vocabulary fromSequences(List<ClickSequence> sequences) {
    Vocabulary v = new Vocabulary();
    for (ClickSequence s : sequences) {
      for (String id : s.getItemIds()) {
        if (!v.index.containsKey(id)) {
          v.index.put(id, v.items.size());
          v.items.add(id);
        }
      }
    }
    return v;
  }

  /** The vocabulary whose items, in index order after the special tokens, are {@code itemIds} (a checkpoint's). */
  public static Vocabulary fromItems(List<String> itemIds) {
    Vocabulary v = new Vocabulary();
    for (String id : itemIds) {
      if (v.index.putIfAbsent(id, v.items.size()) != null) {
        throw new IllegalArgumentException("duplicate item id '" + id + "' in vocabulary");
      }
      v.items.add(id);
    }
    return v;
  }

  /** The model index of an item id, or {@link #OOV}. */
  public int indexOf(String itemId) {
    return index.getOrDefault(itemId, OOV);
  }

  /** The item id of a model index; special tokens give their bracketed names. */
  public String itemAt(int modelIndex) {
    return items.get(modelIndex);
  }

  public static boolean isSpecial(int modelIndex) {
    return modelIndex < SPECIAL_TOKENS;
  }

  /** Number of indices, special tokens included. */
  public int size() {
    return items.size();
  }

  public List<String> items() {
    return Collections.unmodifiableList(items.subList(SPECIAL_TOKENS, items.size()));
  }
}
