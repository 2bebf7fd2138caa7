package io.seqmia.cli;

import io.seqmia.data.DatasetStats;
import io.seqmia.schemas.AttackReport;
import java.util.Map;

/** Console tables for results the commands print. */
public final class Tables {

  private static final String ROW = "  %-24s %s%n";

  private Tables() {}

  public static String stats(String name, DatasetStats s) {
    StringBuilder out = new StringBuilder(String.format("Data set: %s%n", name));
    out.append(String.format(ROW, "sessions", String.format("%,d", s.sessions())));
    out.append(String.format(ROW, "interactions", String.format("%,d", s.interactions())));
    out.append(String.format(ROW, "items", String.format("%,d", s.items())));
    out.append(String.format(ROW, "avg session length", String.format("%.2f", s.avgSessionLength())));
    out.append(String.format(ROW, "days", String.format("%.1f", s.days())));
    out.append(String.format(ROW, "Gini (item popularity)", String.format("%.3f", s.gini())));
    if (s.rejected() > 0) {
      out.append(String.format(ROW, "rejected lines", String.format("%,d", s.rejected())));
    }
    return out.toString();
  }

  /** The target model's fit, from the trainer's numbers carried in the report. */
  public static String target(AttackReport report) {
    Map<String, Double> t = report.getTarget();
    String preset = report.getTargetAttributes().getOrDefault(io.seqmia.schemas.ControlAttributes.PRESET, "?");
    String device = report.getTargetAttributes().getOrDefault(io.seqmia.schemas.ControlAttributes.DEVICE, "?");
    StringBuilder out = new StringBuilder(String.format("Target model %s (preset %s, %s)%n",
        report.getTargetModelVersion(), preset, device));
    for (String key : new String[] {"trainLoss", "heldOutLoss", "memberNll", "nonMemberNll", "recallAt20Members",
        "recallAt20NonMembers", "ndcgAt20NonMembers", "epochs", "trainSeconds"}) {
      Double v = t.get(key);
      if (v != null) {
        out.append(String.format(ROW, key, key.equals("epochs") ? String.format("%.0f", v) : String.format("%.3f", v)));
      }
    }
    return out.toString();
  }
}
