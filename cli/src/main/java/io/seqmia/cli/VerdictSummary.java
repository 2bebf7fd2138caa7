package io.seqmia.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqmia.schemas.MembershipVerdict;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts what {@code seqmia verdicts} printed: decisions, and accuracy where ground truth is known. */
final class VerdictSummary {

  private long count;
  private long members;
  private long withTruth;
  private long correct;

  void add(MembershipVerdict v) {
    count++;
    if (v.getMember()) {
      members++;
    }
    if (v.getGroundTruth() != null) {
      withTruth++;
      if (v.getGroundTruth() == v.getMember()) {
        correct++;
      }
    }
  }

  long count() {
    return count;
  }

  /** Accuracy over the verdicts with ground truth, or NaN when there are none. */
  double accuracy() {
    return withTruth == 0 ? Double.NaN : (double) correct / withTruth;
  }

  String toText() {
    String accuracy = withTruth == 0 ? "no ground truth known"
        : String.format("accuracy %.3f on %,d with ground truth", accuracy(), withTruth);
    return String.format("%,d verdicts: %,d members, %,d non-members; %s", count, members, count - members, accuracy);
  }

  String toJson(ObjectMapper mapper) throws JsonProcessingException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("count", count);
    summary.put("members", members);
    summary.put("nonMembers", count - members);
    summary.put("withGroundTruth", withTruth);
    summary.put("accuracy", withTruth == 0 ? null : accuracy());
    return mapper.writeValueAsString(Map.of("summary", summary));
  }
}
