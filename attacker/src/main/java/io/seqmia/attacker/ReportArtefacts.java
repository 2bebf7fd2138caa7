package io.seqmia.attacker;

import io.seqmia.attacker.report.AttackScores;
import java.util.List;

/**
 * What an attack run leaves for the report beyond its metrics: every evaluated sequence's score under each
 * attack and mode (attack-scores.csv, ROC curves, histograms), and the evaluated target score vectors as
 * feature rows with their membership (the t-SNE figure).
 *
 * @param featureNames the column names of {@code features}
 * @param features one row per evaluated sequence, raw (not standardised)
 * @param members the rows' ground truth
 */
public record ReportArtefacts(List<AttackScores> scores, List<String> featureNames, float[][] features,
    boolean[] members) {

  public ReportArtefacts {
    scores = List.copyOf(scores);
    featureNames = List.copyOf(featureNames);
    if (features.length != members.length) {
      throw new IllegalArgumentException(features.length + " feature rows but " + members.length + " labels");
    }
  }
}
