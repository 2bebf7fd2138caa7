package io.seqmia.attacker.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Click sessions with planted structure: items fall into groups ("g3-i17" is item 17 of group 3), and a
 * session clicks items of one group, except that each click is a uniformly random item with probability
 * {@code noise}.
 */
final class SyntheticSessions {

  final int groups;
  final int itemsPerGroup;
  final double noise;

  SyntheticSessions(int groups, int itemsPerGroup, double noise) {
    this.groups = groups;
    this.itemsPerGroup = itemsPerGroup;
    this.noise = noise;
  }

  static String item(int group, int index) {
    return "g" + group + "-i" + index;
  }

  static int groupOf(String item) {
    return Integer.parseInt(item.substring(1, item.indexOf('-')));
  }

  String randomItem(Random random) {
    return item(random.nextInt(groups), random.nextInt(itemsPerGroup));
  }

  /** A session of 3 to 10 clicks around group {@code group}. */
  List<String> session(int group, Random random) {
    int length = 3 + random.nextInt(8);
    List<String> s = new ArrayList<>(length);
    for (int p = 0; p < length; p++) {
      s.add(random.nextDouble() < noise ? randomItem(random) : item(group, random.nextInt(itemsPerGroup)));
    }
    return s;
  }

  List<List<String>> sessions(int count, Random random) {
    List<List<String>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(session(random.nextInt(groups), random));
    }
    return out;
  }
}
