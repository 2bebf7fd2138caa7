package io.seqmia.data;

import java.time.Instant;

/**
 * Not a test: measures the Gini index of generated data for a range of sizes and Zipf exponents, to
 * calibrate {@link SyntheticClicks#zipfExponent}. Run: {@code java -cp ... io.seqmia.data.SyntheticClicksCalibration
 * [sessions...]}. With {@code sweep} as first argument it tries exponents 0.8-1.5 for each size.
 */
public final class SyntheticClicksCalibration {

  private SyntheticClicksCalibration() {}

  public static void main(String[] args) {
    boolean sweep = args.length > 0 && args[0].equals("sweep");
    int from = sweep ? 1 : 0;
    for (int i = from; i < args.length; i++) {
      int sessions = Integer.parseInt(args[i]);
      int items = SyntheticClicks.defaultItems(sessions);
      if (sweep) {
        for (double z = 0.8; z <= 1.51; z += 0.1) {
          report(new SyntheticClicks.Settings(sessions, items, SyntheticClicks.defaultDays(sessions), 42,
              SyntheticClicks.DEFAULT_START, z));
        }
      } else {
        report(SyntheticClicks.Settings.of(sessions, 42));
      }
    }
  }

  private static void report(SyntheticClicks.Settings s) {
    long t0 = System.nanoTime();
    DatasetStats stats = DatasetStats.compute(SyntheticClicks.generate(s));
    System.out.printf("sessions=%d items=%d zipf=%.3f clicksPerItem=%.1f -> gini=%.4f avgLen=%.3f seenItems=%d days=%.1f (%.1f s)%n",
        s.sessions(), s.items(), s.zipfExponent(), s.sessions() * SyntheticClicks.MEAN_SESSION_LENGTH / s.items(),
        stats.gini(), stats.avgSessionLength(), stats.items(), stats.days(), (System.nanoTime() - t0) / 1e9);
  }
}
