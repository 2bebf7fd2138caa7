package io.seqmia.trainer;

import io.seqmia.schemas.ClickSequence;
import io.seqmia.schemas.MembershipSplit;
import io.seqmia.schemas.ModelRole;
import io.seqmia.schemas.SequenceVariant;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The sequences the trainer holds, compactly, and never dropped (a re-sent sequence id replaces the earlier one).
 *
 * <p>Each sequence is one packed record: its items as varint indices into the store's item dictionary (every
 * item id is kept once), its parent and session id only where they differ from what the id implies. Records sit
 * in a {@link SpillLog}: on the heap up to the memory budget ({@code trainer.store.memory.mb}), then in a local
 * file. The per-sequence index (id, position, split and variant, production time) stays on the heap: about 100
 * bytes a sequence. Readers get id-ordered lazy lists ({@link Held}) that decode one sequence at a time, so
 * training and scoring read in bounded batches; a decoded sequence has its ids, items, split, variant, parent and
 * attackerKnows (not its click timestamps or user id, which the trainer does not use).
 */
final class SequenceStore implements AutoCloseable {

  static final Comparator<ClickSequence> BY_ID = Comparator.comparing(s -> s.getSequenceId().toString());
  private static final MembershipSplit[] SPLITS = MembershipSplit.values();
  private static final int VARIANT_BIT = 1 << 2;
  private static final int KNOWS_BIT = 1 << 3;

  private final SpillLog log;
  private final Map<String, Integer> slots = new HashMap<>();
  private final Map<String, Integer> itemIndex = new HashMap<>();
  private final List<String> items = new ArrayList<>();
  private String[] ids = new String[1024];
  private long[] positions = new long[1024];
  private int[] lengths = new int[1024];
  private long[] producedAt = new long[1024];
  private byte[] meta = new byte[1024];
  private int count;

  /** Everything on the heap (tests, tools). */
  SequenceStore() {
    this(Long.MAX_VALUE, null);
  }

  /**
   * @param memoryBudget bytes of packed sequences kept on the heap; beyond it they spill to a file in {@code dir}
   * @param dir folder of the spill file; null: the system's temp folder
   */
  SequenceStore(long memoryBudget, Path dir) {
    log = new SpillLog(memoryBudget, dir);
  }

  void add(ClickSequence s, long producedAtMillis) {
    String id = s.getSequenceId();
    Integer slot = slots.get(id);
    if (slot == null) {
      slot = count++;
      grow();
      ids[slot] = id;
      slots.put(id, slot);
    }
    byte[] record = pack(s);
    positions[slot] = log.append(record);
    lengths[slot] = record.length;
    producedAt[slot] = producedAtMillis;
    meta[slot] = (byte) (s.getSplit().ordinal() | (s.getVariant() == SequenceVariant.AUGMENTED ? VARIANT_BIT : 0)
        | (s.getAttackerKnows() ? KNOWS_BIT : 0));
  }

  int size() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Distinct item ids in the held sequences. */
  int items() {
    return items.size();
  }

  /** Bytes of packed sequences on the heap, and in the spill file. */
  long memoryBytes() {
    return log.memoryBytes();
  }

  long spilledBytes() {
    return log.fileBytes();
  }

  /** The spill file, or null while every sequence fits the memory budget. */
  Path spillFile() {
    return log.file();
  }

  /** When the sequence was produced (its record timestamp), or null. */
  Long producedAt(String sequenceId) {
    Integer slot = slots.get(sequenceId);
    return slot == null ? null : producedAt[slot];
  }

  /** Sequences of the split in sequence-id order; only ORIGINAL variants when {@code originalsOnly}. */
  Held side(MembershipSplit split, boolean originalsOnly) {
    return select(slot -> (meta[slot] & 3) == split.ordinal() && (!originalsOnly || (meta[slot] & VARIANT_BIT) == 0));
  }

  /** Every sequence the model of that role scores, in sequence-id order. */
  Held ofRole(ModelRole role) {
    return ofRole(role, Set.of());
  }

  /** As {@link #ofRole(ModelRole)}, without the sequence ids in {@code except}. */
  Held ofRole(ModelRole role, Set<String> except) {
    boolean target = role == ModelRole.TARGET;
    return select(slot -> isTargetSide(SPLITS[meta[slot] & 3]) == target && !except.contains(ids[slot]));
  }

  /** The model role that scores the sequence: its split's side. */
  static ModelRole roleOf(ClickSequence s) {
    return isTargetSide(s.getSplit()) ? ModelRole.TARGET : ModelRole.SHADOW;
  }

  private static boolean isTargetSide(MembershipSplit split) {
    return split == MembershipSplit.TARGET_MEMBER || split == MembershipSplit.TARGET_NONMEMBER;
  }

  private Held select(IntPredicate keep) {
    int[] chosen = new int[count];
    int n = 0;
    for (int slot = 0; slot < count; slot++) {
      if (keep.test(slot)) {
        chosen[n++] = slot;
      }
    }
    // One canonical order: batches, vocabulary and model depend on the set, not on the order partitions were read.
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = chosen[i];
    }
    Arrays.sort(boxed, Comparator.comparing(slot -> ids[slot]));
    int[] sorted = new int[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = boxed[i];
    }
    return new Held(sorted);
  }

  /**
   * Held sequences in a fixed order, decoded on each {@link #get} (no sequence is kept by the list); {@link #id}
   * reads an id without decoding.
   */
  final class Held extends AbstractList<ClickSequence> implements RandomAccess {
    private final int[] order;

    private Held(int[] order) {
      this.order = order;
    }

    @Override
    public ClickSequence get(int i) {
      return decode(order[i]);
    }

    @Override
    public int size() {
      return order.length;
    }

    String id(int i) {
      return ids[order[i]];
    }

    /** The sequences at these positions of this list, in that order. */
    Held pick(int[] positionsInThis) {
      int[] picked = new int[positionsInThis.length];
      for (int k = 0; k < picked.length; k++) {
        picked[k] = order[positionsInThis[k]];
      }
      return new Held(picked);
    }

    /** Those whose id passes {@code keep}, in this order. */
    Held whereId(java.util.function.Predicate<String> keep) {
      int[] kept = new int[order.length];
      int n = 0;
      for (int slot : order) {
        if (keep.test(ids[slot])) {
          kept[n++] = slot;
        }
      }
      return new Held(Arrays.copyOf(kept, n));
    }
  }

  private byte[] pack(ClickSequence s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 3 * s.getItemIds().size());
    List<String> itemIds = s.getItemIds();
    varint(out, itemIds.size());
    for (String item : itemIds) {
      Integer index = itemIndex.get(item);
      if (index == null) {
        index = items.size();
        itemIndex.put(item, index);
        items.add(item);
      }
      varint(out, index);
    }
    string(out, s.getParentSequenceId());
    string(out, s.getSessionId().equals(s.getSequenceId()) ? null : s.getSessionId());
    return out.toByteArray();
  }

  private ClickSequence decode(int slot) {
    byte[] record = log.read(positions[slot], lengths[slot]);
    int[] at = {0};
    int n = readVarint(record, at);
    List<String> itemIds = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      itemIds.add(items.get(readVarint(record, at)));
    }
    String parent = readString(record, at);
    String session = readString(record, at);
    return ClickSequence.newBuilder()
        .setSequenceId(ids[slot])
        .setSessionId(session == null ? ids[slot] : session)
        .setItemIds(itemIds)
        .setTimestamps(List.of())
        .setVariant((meta[slot] & VARIANT_BIT) != 0 ? SequenceVariant.AUGMENTED : SequenceVariant.ORIGINAL)
        .setParentSequenceId(parent)
        .setSplit(SPLITS[meta[slot] & 3])
        .setAttackerKnows((meta[slot] & KNOWS_BIT) != 0)
        .build();
  }

  private void grow() {
    if (count <= ids.length) {
      return;
    }
    int size = ids.length * 2;
    ids = Arrays.copyOf(ids, size);
    positions = Arrays.copyOf(positions, size);
    lengths = Arrays.copyOf(lengths, size);
    producedAt = Arrays.copyOf(producedAt, size);
    meta = Arrays.copyOf(meta, size);
  }

  private static void varint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7F) != 0) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  private static int readVarint(byte[] in, int[] at) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in[at[0]++];
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }

  /** Length + 1 as a varint (0 for null), then UTF-8. */
  private static void string(ByteArrayOutputStream out, String s) {
    if (s == null) {
      varint(out, 0);
      return;
    }
    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    varint(out, bytes.length + 1);
    out.writeBytes(bytes);
  }

  private static String readString(byte[] in, int[] at) {
    int n = readVarint(in, at) - 1;
    if (n < 0) {
      return null;
    }
    String s = new String(in, at[0], n, java.nio.charset.StandardCharsets.UTF_8);
    at[0] += n;
    return s;
  }

  @Override
  public void close() {
    log.close();
  }
}
