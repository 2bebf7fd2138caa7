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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic generator of a YooChoose-like click log with sequential structure a next-item model
 * can learn. Items have Zipf-like popularity; each item has a few likely successors (a sparse Markov
 * chain whose successors are drawn by popularity) and a session sometimes jumps to a random popular
 * item. Session lengths have mean about 3.8 with a long tail; session ids are increasing integers;
 * sessions are spread over several days with seconds-to-minutes gaps between clicks.
 *
 * <p>Memory is proportional to the number of items (the catalogue), constant in the number of sessions.
 * The same seed and settings always give the same clicks (and the same file bytes).
 */
public final class SyntheticClicks {

  /** Default item count = sessions / this, but at least {@link #MIN_ITEMS}. */
  public static final int SESSIONS_PER_ITEM = 4;
  public static final int MIN_ITEMS = 100;
  public static final int DEFAULT_DAYS = 7;
  public static final Instant DEFAULT_START = Instant.parse("2014-04-01T00:00:00Z");

  /**
   * Zipf exponent of item popularity. With the Markov chain on top, the Gini index of item popularity is
   * about 0.80 at 2k sessions, 0.87 at 20k and 0.90 at 200k (the real log: 0.89).
   */
  static final double ZIPF_EXPONENT = 1.0;
  /** Chance that the next click ignores the successor list and jumps to a popular item. */
  static final double JUMP_PROBABILITY = 0.12;
  static final int MIN_SUCCESSORS = 3;
  static final int MAX_SUCCESSORS = 5;
  /** Each successor is this much less likely than the previous one. */
  static final double SUCCESSOR_DECAY = 0.5;
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
  static final double SPECIAL_OFFER_SHARE = 0.03;
  private static final long FIRST_ITEM_ID = 214_000_000L;
  private static final long SESSION_SEED_SALT = 0x5DEECE66DL;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private SyntheticClicks() {}

  /**
   * What to generate.
   *
   * @param sessions number of sessions (ids 1..sessions)
   * @param items catalogue size
   * @param days span of the session start times
   * @param seed random seed
   * @param start time of the first session
   */
  public record Settings(int sessions, int items, int days, long seed, Instant start) {
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
    }

    public static Settings of(int sessions, long seed) {
      return new Settings(sessions, defaultItems(sessions), DEFAULT_DAYS, seed, DEFAULT_START);
    }
  }

  public static int defaultItems(int sessions) {
    return Math.max(MIN_ITEMS, sessions / SESSIONS_PER_ITEM);
  }

  public static Iterator<ClickEvent> generate(int sessions, long seed) {
    return generate(Settings.of(sessions, seed));
  }

  public static Iterator<ClickEvent> generate(int sessions, int items, long seed) {
    return generate(new Settings(sessions, items, DEFAULT_DAYS, seed, DEFAULT_START));
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
        while (events.hasNext()) {
          writer.write(toLine(events.next()));
          writer.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write synthetic clicks to " + file.toAbsolutePath(), e);
    }
  }

  /** One line of the raw format. */
  public static String toLine(ClickEvent e) {
    String category = e.category() == null ? YooChooseClickReader.MISSING_CATEGORY : e.category();
    return e.sessionId() + ',' + TIMESTAMP.format(e.eventTime()) + ',' + e.itemId() + ',' + category;
  }

  /** The fixed item catalogue: popularity, ids, categories and the successor lists. */
  private static final class Catalogue {
    final double[] cumulativePopularity;
    final long[] ids;
    final String[] categories;
    final int[][] successors;
    final double[][] cumulativeSuccessor;

    Catalogue(int items, SplittableRandom rng) {
      cumulativePopularity = new double[items];
      double sum = 0;
      for (int r = 0; r < items; r++) {
        sum += 1.0 / Math.pow(r + 1, ZIPF_EXPONENT);
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

    int successor(int item, SplittableRandom rng) {
      int[] next = successors[item];
      return next[search(cumulativeSuccessor[next.length], rng.nextDouble())];
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
    private long time;
    private long line;

    Generator(Settings settings) {
      this.settings = settings;
      this.catalogue = new Catalogue(settings.items(), new SplittableRandom(settings.seed()));
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
        time = startMillis + (long) ((session - 1 + rng.nextDouble()) * millisPerSession);
      } else {
        item = rng.nextDouble() < JUMP_PROBABILITY ? catalogue.popular(rng) : catalogue.successor(item, rng);
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
