package io.seqmia.kernel;

import java.nio.charset.StandardCharsets;

/**
 * The key that seeded samples rank records by: a record is in a sample of n when its key is among the
 * n smallest (bottom-k). It depends only on the id and the seed, so a sample does not depend on the order
 * records arrived in, and the trainer's member sample and the attacker's evaluation sample are drawn
 * the same way.
 */
public final class SampleKey {

  private SampleKey() {}

  /** 64-bit FNV-1a of the id's UTF-8 bytes, seeded, then the SplitMix64 finaliser. */
  public static long of(String id, long seed) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
