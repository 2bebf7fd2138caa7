package io.seqmia.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds an augmented variant of a sequence: one position replaced by one of its item's top neighbours
 * that is not already in the sequence. Positions are tried in a random order until one has such a
 * neighbour; the neighbour is drawn uniformly from the eligible top-K. Randomness comes from a
 * {@link SplittableRandom} seeded from the config seed and the variant's sequence id, so a replay of the
 * same input produces the same variants.
 */
public final class Augmenter {

  /** Golden-ratio increment, to spread the seed before mixing in the id hash. */
  private static final long SEED_SPREAD = 0x9E3779B97F4A7C15L;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final long seed;
  private final ItemSimilarity similarity;

  public Augmenter(long seed, ItemSimilarity similarity) {
    this.seed = seed;
    this.similarity = similarity;
  }

  /** The replacement made: the new item list and the position that changed. */
  public record Variant(List<String> itemIds, int replacedPosition, String replacedItem, String newItem) {}

  public Optional<Variant> augment(List<String> items, String variantSequenceId) {
    SplittableRandom random = new SplittableRandom(mix(seed, variantSequenceId));
    Set<String> present = new HashSet<>(items);
    int[] positions = new int[items.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = i;
    }
    for (int i = positions.length - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int t = positions[i];
      positions[i] = positions[j];
      positions[j] = t;
    }
    for (int position : positions) {
      List<String> eligible = new ArrayList<>();
      for (ItemSimilarity.Neighbour n : similarity.topNeighbours(items.get(position))) {
        if (!present.contains(n.itemId())) {
          eligible.add(n.itemId());
        }
      }
      if (!eligible.isEmpty()) {
        String replacement = eligible.get(random.nextInt(eligible.size()));
        List<String> variant = new ArrayList<>(items);
        variant.set(position, replacement);
        return Optional.of(new Variant(List.copyOf(variant), position, items.get(position), replacement));
      }
    }
    return Optional.empty();
  }

  static long mix(long seed, String id) {
    long h = FNV_OFFSET;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= FNV_PRIME;
    }
    return (seed * SEED_SPREAD) ^ h;
  }
}
