package io.seqmia.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.schemas.MembershipVerdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts what {@code seqmia verdicts} printed: decisions, and accuracy and balanced accuracy where ground truth is
 * known. A verdict on a sequence whose label the attack model trained on ({@code usedForTraining}) is counted but
 * left out of both: it would grade the attack on its own training data.
 */
final class VerdictSummary {

  private long count;
  private long members;
  private long usedForTraining;
  private long truePositives;
  private long falseNegatives;
  private long trueNegatives;
  private long falsePositives;

  void add(MembershipVerdict v) {
    count++;
    if (v.getMember()) {
      members++;
    }
    if (v.getUsedForTraining()) {
      usedForTraining++;
      return;
    }
    if (v.getGroundTruth() != null) {
      if (v.getGroundTruth()) {
        if (v.getMember()) truePositives++; else falseNegatives++;
      } else {
        if (v.getMember()) falsePositives++; else trueNegatives++;
      }
    }
  }

  long count() {
    return count;
  }

  private long withTruth() {
    return truePositives + falseNegatives + trueNegatives + falsePositives;
  }

  /** Accuracy over the verdicts with ground truth (training labels left out), or NaN when there are none. */
  double accuracy() {
    return withTruth() == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / withTruth();
  }

  /** (TPR + TNR) / 2 over the same verdicts, or NaN without both members and non-members among them. */
  double balancedAccuracy() {
    long positives = truePositives + falseNegatives;
    long negatives = trueNegatives + falsePositives;
    return positives == 0 || negatives == 0 ? Double.NaN
        : ((double) truePositives / positives + (double) trueNegatives / negatives) / 2;
  }

  String toText() {
    String accuracy = withTruth() == 0 ? "no ground truth known"
        : String.format("accuracy %.3f, balanced accuracy %.3f, on %,d with ground truth", accuracy(),
            balancedAccuracy(), withTruth());
    String training = usedForTraining == 0 ? "" : String.format(" (%,d whose labels the attack trained on left"
        + " out)", usedForTraining);
    return String.format("%,d verdicts: %,d members, %,d non-members; %s%s", count, members, count - members,
        accuracy, training);
  }

  String toJson(ObjectMapper mapper) throws JsonProcessingException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("count", count);
    summary.put("members", members);
    summary.put("nonMembers", count - members);
    summary.put("usedForTraining", usedForTraining);
    summary.put("withGroundTruth", withTruth());
    summary.put("accuracy", withTruth() == 0 ? null : accuracy());
    summary.put("balancedAccuracy", Double.isNaN(balancedAccuracy()) ? null : balancedAccuracy());
    return mapper.writeValueAsString(Map.of("summary", summary));
  }
}
