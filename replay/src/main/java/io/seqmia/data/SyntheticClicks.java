package io.seqmia.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic generator of a YooChoose-like click log with sequential structure a next-item model
 * can learn, calibrated to the statistics of the RecSys Challenge 2015 log.
 *
 * <ul>
 *   <li>Items have Zipf popularity; the catalogue grows sub-linearly with the number of sessions (3,000
 *       items at 12,000 sessions, 52,739 at the full 9.25 million, as in the real log) and the Zipf
 *       exponent is set from the clicks per item so the Gini index of item popularity stays near 0.89 at
 *       every size.</li>
 *   <li>Each item has a few likely successors (a sparse Markov chain whose successors are drawn by
 *       popularity); which successor is preferred also depends on the item before (a second-order
 *       effect), and a session sometimes jumps to a random popular item.</li>
 *   <li>Session lengths: mean about 3.8 with a long tail (a short and a long geometric component).</li>
 *   <li>Session ids are increasing integers; session starts are spread over days (7 up to 183 at full
 *       scale) with a daily rhythm (busy evenings, quiet nights); gaps between clicks are log-normal,
 *       seconds to minutes.</li>
 *   <li>Categories as in the raw log: mostly missing ({@code 0}), special offers ({@code S}), {@code 1}-{@code 12}
 *       and 8-10 digit brand ids.</li>
 * </ul>
 *
 * <p>Memory is proportional to the number of items (the catalogue), constant in the number of sessions.
 * The same seed and settings always give the same clicks (and the same file bytes).
 */
public final class SyntheticClicks {

  /** The real log (yoochoose-clicks.dat): sessions and distinct items; the item-count curve ends there. */
  public static final int FULL_SCALE_SESSIONS = 9_249_729;
  public static final int FULL_SCALE_ITEMS = 52_739;
  /** Anchor of the item-count curve: the demo's 12,000 sessions get 3,000 items (as before calibration). */
  static final int ANCHOR_SESSIONS = 12_000;
  static final int ANCHOR_ITEMS = 3_000;
  static final double ITEM_GROWTH = Math.log((double) FULL_SCALE_ITEMS / ANCHOR_ITEMS)
      / Math.log((double) FULL_SCALE_SESSIONS / ANCHOR_SESSIONS);
  public static final int MIN_ITEMS = 100;
  /** Session starts span sessions / this many days, clamped to [MIN_DAYS, MAX_DAYS] (the real log: 183). */
  static final int SESSIONS_PER_DAY = 50_000;
  public static final int DEFAULT_DAYS = 7;
  static final int MAX_DAYS = 183;
  public static final Instant DEFAULT_START = Instant.parse("2014-04-01T00:00:00Z");
  /** The Gini index of item popularity of the real log. */
  public static final double TARGET_GINI = 0.89;

  /**
   * Calibration table: ln(expected clicks per item) -> the Zipf exponent that gives a Gini index of about
   * 0.89, measured with {@code SyntheticClicksCalibration} at 2k, 12k, 50k, 200k and 1M sessions (seed 42);
   * the last point (full scale, ~666 clicks per item) is extrapolated. Linear in between, flat outside.
   */
  private static final double[] CALIBRATION_LOG_CLICKS_PER_ITEM = {1.70, 2.72, 3.54, 4.32, 5.24, 6.50};
  private static final double[] CALIBRATION_ZIPF = {1.32, 1.093, 1.028, 0.995, 0.976, 0.950};
  /** Chance that the next click ignores the successor list and jumps to a popular item. */
  static final double JUMP_PROBABILITY = 0.12;
  static final int MIN_SUCCESSORS = 3;
  static final int MAX_SUCCESSORS = 5;
  /** Each successor is this much less likely than the previous one. */
  static final double SUCCESSOR_DECAY = 0.5;
  /** Share of transitions whose preferred successor is shifted by the item before (second-order). */
  static final double SECOND_ORDER_SHARE = 0.5;
  /** Share of sessions with a single click (dropped downstream, as in the real log). */
  static final double SINGLE_CLICK_SHARE = 0.05;
  /** Lengths of 2+ sessions: 2 + a mixture of a short and a long-tailed geometric extra length. */
  static final double SHORT_EXTRA_MEAN = 1.2;
  static final double LONG_EXTRA_MEAN = 6.2;
  static final double LONG_SESSION_SHARE = 0.15;
  static final int MAX_SESSION_LENGTH = 200;
  /** Gap between clicks: 2 s + log-normal with this median (s), capped. */
  static final double GAP_MEDIAN_SECONDS = 45;
  static final double GAP_LOG_SIGMA = 1.0;
  static final long MAX_GAP_MILLIS = 20 * 60_000L;
  /** Daily rhythm of session starts: intensity 1 + A cos(2 pi (hour - PEAK) / 24). */
  static final double DAILY_AMPLITUDE = 0.6;
  static final double DAILY_PEAK_HOUR = 20;
  static final double SPECIAL_OFFER_SHARE = 0.03;
  private static final long FIRST_ITEM_ID = 214_000_000L;
  private static final long SESSION_SEED_SALT = 0x5DEECE66DL;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private SyntheticClicks() {}

  /**
   * What to generate.
   *
   * @param sessions number of sessions (ids 1..sessions)
   * @param items catalogue size
   * @param days span of the session start times
   * @param seed random seed
   * @param start time of the first session
   * @param zipfExponent exponent of the item popularity curve
   */
  public record Settings(int sessions, int items, int days, long seed, Instant start, double zipfExponent) {
    public Settings {
      if (sessions < 1) {
        throw new IllegalArgumentException("sessions must be >= 1, got " + sessions);
      }
      if (items < MAX_SUCCESSORS + 2) {
        throw new IllegalArgumentException("items must be >= " + (MAX_SUCCESSORS + 2) + ", got " + items);
      }
      if (days < 1) {
        throw new IllegalArgumentException("days must be >= 1, got " + days);
      }
      if (start == null) {
        throw new IllegalArgumentException("start must not be null");
      }
      if (!(zipfExponent > 0 && zipfExponent <= 5)) {
        throw new IllegalArgumentException("zipfExponent must be in (0, 5], got " + zipfExponent);
      }
    }

    /** Calibrated Zipf exponent for these sessions and items. */
    public Settings(int sessions, int items, int days, long seed, Instant start) {
      this(sessions, items, days, seed, start, SyntheticClicks.zipfExponent(sessions, items));
    }

    /** The calibrated defaults for a number of sessions. */
    public static Settings of(int sessions, long seed) {
      return new Settings(sessions, defaultItems(sessions), defaultDays(sessions), seed, DEFAULT_START);
    }
  }

  /** Catalogue size: grows like sessions^0.43 through (12,000, 3,000) and (9.25M, 52,739), at least 100. */
  public static int defaultItems(int sessions) {
    double items = ANCHOR_ITEMS * Math.pow((double) sessions / ANCHOR_SESSIONS, ITEM_GROWTH);
    return Math.max(MIN_ITEMS, (int) Math.round(items));
  }

  /** Days the session starts span: 7 for small sets, growing to the real log's 183 at full scale. */
  public static int defaultDays(int sessions) {
    return Math.max(DEFAULT_DAYS, Math.min(MAX_DAYS, (sessions + SESSIONS_PER_DAY - 1) / SESSIONS_PER_DAY));
  }

  /** The Zipf exponent that keeps the Gini index near {@link #TARGET_GINI} for this many clicks per item. */
  public static double zipfExponent(int sessions, int items) {
    double x = Math.log(Math.max(1.0, (double) sessions * MEAN_SESSION_LENGTH / items));
    double[] xs = CALIBRATION_LOG_CLICKS_PER_ITEM;
    double[] zs = CALIBRATION_ZIPF;
    if (x <= xs[0]) {
      return zs[0];
    }
    for (int i = 1; i < xs.length; i++) {
      if (x <= xs[i]) {
        return zs[i - 1] + (zs[i] - zs[i - 1]) * (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
      }
    }
    return zs[zs.length - 1];
  }

  /** Expected clicks per session of the length model. */
  static final double MEAN_SESSION_LENGTH = SINGLE_CLICK_SHARE
      + (1 - SINGLE_CLICK_SHARE) * (2 + (1 - LONG_SESSION_SHARE) * SHORT_EXTRA_MEAN + LONG_SESSION_SHARE * LONG_EXTRA_MEAN);

  public static Iterator<ClickEvent> generate(int sessions, long seed) {
    return generate(Settings.of(sessions, seed));
  }

  public static Iterator<ClickEvent> generate(int sessions, int items, long seed) {
    return generate(new Settings(sessions, items, defaultDays(sessions), seed, DEFAULT_START));
  }

  public static Iterator<ClickEvent> generate(Settings settings) {
    return new Generator(settings);
  }

  /** The generated clicks as a reader (nothing is ever rejected), for code that takes a ClickReader. */
  public static ClickReader reader(Settings settings) {
    return ClickReader.of(generate(settings), "synthetic(sessions=" + settings.sessions() + ", items="
        + settings.items() + ", seed=" + settings.seed() + ")");
  }

  public static void write(Path file, int sessions, long seed) {
    write(file, Settings.of(sessions, seed));
  }

  /** Writes the raw YooChoose format ({@link YooChooseClickReader} reads it back); gzip if the name ends in .gz. */
  public static void write(Path file, Settings settings) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream raw = Files.newOutputStream(file);
          OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
          Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
        Iterator<ClickEvent> events = generate(settings);
        LineFormatter format = new LineFormatter();
        while (events.hasNext()) {
          writer.write(format.line(events.next()));
          writer.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write synthetic clicks to " + file.toAbsolutePath(), e);
    }
  }

  /** One line of the raw format. */
  public static String toLine(ClickEvent e) {
    return new LineFormatter().line(e);
  }

  /**
   * Formats raw-format lines without a DateTimeFormatter per click (33 million of them at full scale):
   * the date part is cached per day.
   */
  private static final class LineFormatter {
    private final StringBuilder sb = new StringBuilder(64);
    private long cachedDay = Long.MIN_VALUE;
    private String cachedDate;

    String line(ClickEvent e) {
      String category = e.category() == null ? YooChooseClickReader.MISSING_CATEGORY : e.category();
      long millis = e.eventTimeMillis();
      long day = Math.floorDiv(millis, MILLIS_PER_DAY);
      if (day != cachedDay) {
        cachedDay = day;
        cachedDate = LocalDate.ofEpochDay(day).toString() + 'T';
      }
      long ms = Math.floorMod(millis, MILLIS_PER_DAY);
      sb.setLength(0);
      sb.append(e.sessionId()).append(',').append(cachedDate);
      two(ms / 3_600_000).append(':');
      two(ms / 60_000 % 60).append(':');
      two(ms / 1000 % 60).append('.');
      long frac = ms % 1000;
      if (frac < 100) {
        sb.append('0');
      }
      if (frac < 10) {
        sb.append('0');
      }
      sb.append(frac).append('Z').append(',').append(e.itemId()).append(',').append(category);
      return sb.toString();
    }

    private StringBuilder two(long v) {
      if (v < 10) {
        sb.append('0');
      }
      return sb.append(v);
    }
  }

  /** The fixed item catalogue: popularity, ids, categories and the successor lists. */
  private static final class Catalogue {
    final double[] cumulativePopularity;
    final long[] ids;
    final String[] categories;
    final int[][] successors;
    final double[][] cumulativeSuccessor;

    Catalogue(int items, double zipfExponent, SplittableRandom rng) {
      cumulativePopularity = new double[items];
      double sum = 0;
      for (int r = 0; r < items; r++) {
        sum += 1.0 / Math.pow(r + 1, zipfExponent);
        cumulativePopularity[r] = sum;
      }
      for (int r = 0; r < items; r++) {
        cumulativePopularity[r] /= sum;
      }
      ids = shuffledIds(items, rng);
      categories = new String[items];
      for (int r = 0; r < items; r++) {
        categories[r] = category(rng);
      }
      cumulativeSuccessor = new double[MAX_SUCCESSORS + 1][];
      for (int k = MIN_SUCCESSORS; k <= MAX_SUCCESSORS; k++) {
        cumulativeSuccessor[k] = decayingCumulative(k);
      }
      successors = new int[items][];
      for (int r = 0; r < items; r++) {
        int k = MIN_SUCCESSORS + rng.nextInt(MAX_SUCCESSORS - MIN_SUCCESSORS + 1);
        int[] next = new int[k];
        for (int j = 0; j < k; j++) {
          int candidate;
          do {
            candidate = popular(rng);
          } while (candidate == r || contains(next, j, candidate));
          next[j] = candidate;
        }
        successors[r] = next;
      }
    }

    int popular(SplittableRandom rng) {
      return search(cumulativePopularity, rng.nextDouble());
    }

    /**
     * A likely successor of {@code item}; when {@code before} (the item clicked before it, or -1) has its
     * context bit set, the preference order is rotated by one, so the next item depends on the last two.
     */
    int successor(int item, int before, SplittableRandom rng) {
      int[] next = successors[item];
      int j = search(cumulativeSuccessor[next.length], rng.nextDouble());
      if (before >= 0 && contextBit(before, item)) {
        j = (j + 1) % next.length;
      }
      return next[j];
    }

    /** A fixed pseudo-random bit per (before, item) pair, set for about SECOND_ORDER_SHARE of pairs. */
    private static boolean contextBit(int before, int item) {
      long h = (before * 0x9E3779B97F4A7C15L) ^ (item * 0xC2B2AE3D27D4EB4FL);
      h ^= h >>> 31;
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
      return (h >>> 11) * 0x1.0p-53 < SECOND_ORDER_SHARE;
    }

    private static long[] shuffledIds(int items, SplittableRandom rng) {
      // Ids are spread so that popularity rank cannot be read off the id.
      int[] slots = new int[items];
      for (int i = 0; i < items; i++) {
        slots[i] = i;
      }
      for (int i = items - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = slots[i];
        slots[i] = slots[j];
        slots[j] = t;
      }
      long[] ids = new long[items];
      for (int i = 0; i < items; i++) {
        ids[i] = FIRST_ITEM_ID + 3L * slots[i] + rng.nextInt(3);
      }
      return ids;
    }

    /** Roughly the raw log's mix: mostly missing, some special offers, categories 1-12 and brands. */
    private static String category(SplittableRandom rng) {
      double u = rng.nextDouble();
      if (u < 0.55) {
        return null;
      } else if (u < 0.62) {
        return "S";
      } else if (u < 0.90) {
        return Integer.toString(1 + rng.nextInt(12));
      }
      return Long.toString(rng.nextLong(10_000_000L, 10_000_000_000L));
    }

    private static double[] decayingCumulative(int k) {
      double[] c = new double[k];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.pow(SUCCESSOR_DECAY, j);
        c[j] = sum;
      }
      for (int j = 0; j < k; j++) {
        c[j] /= sum;
      }
      return c;
    }

    private static boolean contains(int[] a, int n, int v) {
      for (int i = 0; i < n; i++) {
        if (a[i] == v) {
          return true;
        }
      }
      return false;
    }

    /** First index whose cumulative value exceeds u. */
    private static int search(double[] cumulative, double u) {
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }
  }

  /**
   * Maps evenly spread offsets onto a daily rhythm: within each day, time is warped by the inverse of the
   * cumulative intensity {@code 1 + A cos(2 pi (h - peak) / 24)}. Monotone, so session ids stay in start order.
   */
  static final class DailyRhythm {
    private static final int STEPS = 1440;
    private static final double[] CUMULATIVE = cumulative();

    private DailyRhythm() {}

    static long warp(long offsetMillis) {
      long day = Math.floorDiv(offsetMillis, MILLIS_PER_DAY);
      double share = Math.floorMod(offsetMillis, MILLIS_PER_DAY) / (double) MILLIS_PER_DAY;
      int lo = 0;
      int hi = STEPS;
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (CUMULATIVE[mid] <= share) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      double within = (share - CUMULATIVE[lo]) / (CUMULATIVE[hi] - CUMULATIVE[lo]);
      double dayShare = (lo + within) / STEPS;
      return day * MILLIS_PER_DAY + Math.min(MILLIS_PER_DAY - 1, (long) (dayShare * MILLIS_PER_DAY));
    }

    private static double[] cumulative() {
      double[] c = new double[STEPS + 1];
      for (int m = 0; m < STEPS; m++) {
        double hour = (m + 0.5) / 60.0;
        c[m + 1] = c[m] + 1 + DAILY_AMPLITUDE * Math.cos(2 * Math.PI * (hour - DAILY_PEAK_HOUR) / 24);
      }
      for (int m = 0; m <= STEPS; m++) {
        c[m] /= c[STEPS];
      }
      return c;
    }
  }

  /** Streams sessions one click at a time. */
  private static final class Generator implements Iterator<ClickEvent> {
    private final Settings settings;
    private final Catalogue catalogue;
    private final SplittableRandom rng;
    private final long startMillis;
    private final double millisPerSession;
    private int session;
    private int remaining;
    private int item;
    private int before = -1;
    private long time;
    private long line;

    Generator(Settings settings) {
      this.settings = settings;
      this.catalogue = new Catalogue(settings.items(), settings.zipfExponent(), new SplittableRandom(settings.seed()));
      this.rng = new SplittableRandom(settings.seed() ^ SESSION_SEED_SALT);
      this.startMillis = settings.start().toEpochMilli();
      this.millisPerSession = settings.days() * 86_400_000.0 / settings.sessions();
    }

    @Override
    public boolean hasNext() {
      return remaining > 0 || session < settings.sessions();
    }

    @Override
    public ClickEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException("all " + settings.sessions() + " sessions generated");
      }
      if (remaining == 0) {
        session++;
        remaining = sessionLength();
        item = catalogue.popular(rng);
        before = -1;
        time = startMillis + DailyRhythm.warp((long) ((session - 1 + rng.nextDouble()) * millisPerSession));
      } else {
        int next = rng.nextDouble() < JUMP_PROBABILITY ? catalogue.popular(rng) : catalogue.successor(item, before, rng);
        before = item;
        item = next;
        time += gapMillis();
      }
      remaining--;
      String category = rng.nextDouble() < SPECIAL_OFFER_SHARE ? "S" : catalogue.categories[item];
      return new ClickEvent(Integer.toString(session), null, Long.toString(catalogue.ids[item]), category, time,
          ++line);
    }

    private int sessionLength() {
      if (rng.nextDouble() < SINGLE_CLICK_SHARE) {
        return 1;
      }
      double mean = rng.nextDouble() < LONG_SESSION_SHARE ? LONG_EXTRA_MEAN : SHORT_EXTRA_MEAN;
      return (int) Math.min(MAX_SESSION_LENGTH, 2 + geometric(mean));
    }

    /** Failures before the first success, with the given mean. */
    private long geometric(double mean) {
      double p = 1.0 / (1.0 + mean);
      return (long) Math.floor(Math.log(1.0 - rng.nextDouble()) / Math.log(1.0 - p));
    }

    private long gapMillis() {
      double seconds = 2 + Math.exp(Math.log(GAP_MEDIAN_SECONDS) + GAP_LOG_SIGMA * gaussian());
      return Math.min(MAX_GAP_MILLIS, Math.round(seconds * 1000));
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    private double gaussian() {
      double u1 = 1.0 - rng.nextDouble();
      double u2 = rng.nextDouble();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
  }
}
