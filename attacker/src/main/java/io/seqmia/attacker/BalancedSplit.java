package io.seqmia.attacker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The training set every learnt attack draws: as many members as non-members (the majority class downsampled),
 * split into a fit fold and a stratified validation fold for early stopping. Without balancing, a model learns
 * the class prior instead of the signal.
 *
 * @param fit row indices to fit on (members first, then non-members)
 * @param validation row indices held out, at least one per class
 * @param used every index of the balanced set, sorted (both folds: the model saw these labels)
 */
public record BalancedSplit(List<Integer> fit, List<Integer> validation, int[] used) {

  /**
   * Draws the split with {@code random} (its stream continues from here for the caller's own draws).
   *
   * @param subject names the model in the error, e.g. "the attack"
   * @param labelled whether the error calls the rows "labelled members"
   */
  public static BalancedSplit draw(boolean[] members, double validationFraction, int minPerClass, Random random,
      String subject, boolean labelled) {
    List<Integer> positives = new ArrayList<>();
    List<Integer> negatives = new ArrayList<>();
    for (int i = 0; i < members.length; i++) {
      (members[i] ? positives : negatives).add(i);
    }
    if (positives.size() < minPerClass || negatives.size() < minPerClass) {
      String kind = labelled ? "labelled " : "";
      throw new IllegalArgumentException(subject + " needs at least " + minPerClass + " " + kind + "members and "
          + minPerClass + " " + kind + "non-members to train, got " + positives.size() + " and " + negatives.size());
    }
    int perClass = Math.min(positives.size(), negatives.size());
    Collections.shuffle(positives, random);
    Collections.shuffle(negatives, random);
    // stratified validation fold, at least one of each class, at least one left to train on
    int valPerClass = Math.max(1, Math.min(perClass - 1, (int) Math.round(perClass * validationFraction)));
    List<Integer> validation = new ArrayList<>(positives.subList(0, valPerClass));
    validation.addAll(negatives.subList(0, valPerClass));
    List<Integer> fit = new ArrayList<>(positives.subList(valPerClass, perClass));
    fit.addAll(negatives.subList(valPerClass, perClass));
    int[] used = new int[2 * perClass];
    for (int i = 0; i < perClass; i++) {
      used[i] = positives.get(i);
      used[perClass + i] = negatives.get(i);
    }
    Arrays.sort(used);
    return new BalancedSplit(List.copyOf(fit), List.copyOf(validation), used);
  }

  /** The rows of {@code x} at {@code indices}, in that order (not copied). */
  public static float[][] rows(float[][] x, List<Integer> indices) {
    float[][] out = new float[indices.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = x[indices.get(i)];
    }
    return out;
  }

  /** 1 for a member, 0 for a non-member, at {@code indices}. */
  public static float[] labels(boolean[] members, List<Integer> indices) {
    float[] out = new float[indices.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = members[indices.get(i)] ? 1f : 0f;
    }
    return out;
  }
}
