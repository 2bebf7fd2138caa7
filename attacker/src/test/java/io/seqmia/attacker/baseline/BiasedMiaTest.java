package io.seqmia.attacker.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.attacker.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on synthetic recommenders, in Zhang et al.'s threat model: a recommender personalises for the
 * users it was trained on (recommendations mostly from the group of items the history clicked) and falls
 * back to popular items for the others. The item vectors come from sessions disjoint from every scored
 * history, and some recommended items have no vector at all.
 */
class BiasedMiaTest {

  private static final SyntheticSessions SESSIONS = new SyntheticSessions(10, 40, 0.05);
  /** Share of recommendation slots filled with unknown ("cold") items, which have no vector. */
  private static final double COLD = 0.05;
  /** Share of a personalised list drawn from the history's group (the rest: random items). */
  private static final double PERSONAL = 0.6;
  /** Share of a popularity list drawn from the popular groups 0 and 1 (the rest: random items). */
  private static final double POPULAR = 0.7;
  private static ItemEmbeddings embeddings;

  /** Histories, recommendations and labels of one side (shadow or target). */
  private record Side(List<List<String>> histories, List<List<String>> topItems, boolean[] members) {}

  @BeforeAll
  static void factorise() {
    embeddings = ItemEmbeddings.fit(SESSIONS.sessions(3000, new Random(100)), ItemEmbeddings.DEFAULT_DIMENSION, 42);
  }

  /**
   * @param signal members get personalised lists and non-members popular ones; otherwise every sequence
   *     gets either kind with probability ½, whatever its label
   */
  private static Side side(int n, boolean signal, Random random) {
    List<List<String>> histories = new ArrayList<>();
    List<List<String>> top = new ArrayList<>();
    boolean[] members = new boolean[n];
    for (int i = 0; i < n; i++) {
      members[i] = i % 2 == 0;
      int group = random.nextInt(SESSIONS.groups);
      histories.add(SESSIONS.session(group, random));
      boolean personalised = signal ? members[i] : random.nextBoolean();
      top.add(recommendations(personalised, group, random));
    }
    return new Side(histories, top, members);
  }

  private static List<String> recommendations(boolean personalised, int group, Random random) {
    Set<String> top = new LinkedHashSet<>();
    while (top.size() < BiasedMiaFeature.TOP_K) {
      double u = random.nextDouble();
      if (u < COLD) {
        top.add("cold-" + random.nextInt(1000));
      } else if (random.nextDouble() < (personalised ? PERSONAL : POPULAR)) {
        int from = personalised ? group : random.nextInt(2);
        top.add(SyntheticSessions.item(from, random.nextInt(SESSIONS.itemsPerGroup)));
      } else {
        top.add(SESSIONS.randomItem(random));
      }
    }
    return new ArrayList<>(top);
  }

  @Test
  void separatesMembersWhoseRecommendationsMatchTheirHistory() {
    Random random = new Random(7);
    Side shadow = side(1000, true, random);
    Side target = side(1000, true, random);
    double[] p;
    try (BiasedMia attack = BiasedMia.train(shadow.histories(), shadow.topItems(), shadow.members(), embeddings, 42)) {
      assertEquals(1000, attack.trainingExamples(), "balanced shadow set: every vector used");
      p = attack.predict(target.histories(), target.topItems());
    }
    assertEquals(1000, p.length);
    for (double v : p) {
      assertTrue(v >= 0 && v <= 1, "probability out of range: " + v);
    }
    double auc = Metrics.rocAuc(p, target.members());
    assertTrue(auc > 0.8, "AUC with a planted signal: " + auc);
  }

  @Test
  void chanceWhenRecommendationsDoNotDependOnMembership() {
    Random random = new Random(8);
    Side shadow = side(600, false, random);
    Side target = side(1000, false, random);
    try (BiasedMia attack = BiasedMia.train(shadow.histories(), shadow.topItems(), shadow.members(), embeddings, 42)) {
      double auc = Metrics.rocAuc(attack.predict(target.histories(), target.topItems()), target.members());
      assertEquals(0.5, auc, 0.07, "AUC without a signal");
    }
  }

  @Test
  void rejectsMismatchedInput() {
    Side s = side(10, true, new Random(9));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BiasedMia.train(s.histories(), s.topItems(), new boolean[3], embeddings, 1));
    assertTrue(e.getMessage().contains("3 labels for 10 histories"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BiasedMia.train(s.histories(), s.topItems().subList(0, 5), s.members(), embeddings, 1));
    assertTrue(e.getMessage().contains("equal length"), e.getMessage());
  }
}
