package io.seqmia.attacker.report;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact t-SNE (van der Maaten and Hinton, JMLR 2008) into two dimensions, for the report's picture of
 * members against non-members (the seed paper's Figure 4). Hand-written because no maintained JVM t-SNE
 * with a permissive licence fits. Exact: dense P and the full O(n²) gradient every step (no Barnes-Hut,
 * no nearest-neighbour truncation), so the caller subsamples to a few thousand points ({@link #MAX_POINTS}).
 *
 * <ol>
 *   <li>Input similarities: per point a Gaussian whose precision is found by binary search so that the
 *       conditional distribution's perplexity equals {@link Config#perplexity()}; symmetrised,
 *       {@code p_ij = (p_j|i + p_i|j) / 2n}.
 *   <li>Output similarities: Student-t with one degree of freedom, {@code q_ij ∝ 1 / (1 + |y_i − y_j|²)}.
 *   <li>Gradient descent on KL(P‖Q) from a N(0, 1e-4) start, with early exaggeration of P, momentum
 *       (switched up when the exaggeration ends) and per-coordinate adaptive gains (Jacobs 1988).
 * </ol>
 *
 * <p>The features are used as given: standardise them first when their scales differ. The pair loop runs
 * on {@link Config#threads()} threads over a fixed partition into {@link #BLOCKS} blocks whose partial
 * sums are added in block order, so the embedding is bit-identical for a given input, config and seed
 * whatever the thread count.
 */
public final class Tsne {

  public static final double DEFAULT_PERPLEXITY = 30;
  public static final int DEFAULT_ITERATIONS = 750;
  public static final double DEFAULT_LEARNING_RATE = 200;
  /** Early exaggeration factor and length, as in scikit-learn and bhtsne. */
  public static final double DEFAULT_EARLY_EXAGGERATION = 12;
  public static final int DEFAULT_EXAGGERATION_ITERATIONS = 250;
  public static final double DEFAULT_INITIAL_MOMENTUM = 0.5;
  public static final double DEFAULT_FINAL_MOMENTUM = 0.8;
  /** 0 = one thread per available processor. */
  public static final int DEFAULT_THREADS = 0;
  /** Each point needs this many times the perplexity in neighbours for its Gaussian to be meaningful. */
  public static final int POINTS_PER_PERPLEXITY = 3;
  /** Exact t-SNE keeps an n×n matrix (4000 points: 128 MB) and costs O(n²) per step: beyond this, subsample. */
  public static final int MAX_POINTS = 4000;
  public static final int OUTPUT_DIMENSIONS = 2;

  static final double INITIAL_SD = 1e-4;
  static final double MIN_GAIN = 0.01;
  static final double GAIN_INCREASE = 0.2;
  static final double GAIN_DECAY = 0.8;
  static final double ENTROPY_TOLERANCE = 1e-5;
  static final int MAX_SEARCH_STEPS = 200;
  /** Floor of p_ij, as in the reference implementations: keeps the log in KL(P‖Q) finite. */
  static final double MIN_P = 1e-12;
  /** Fixed work partition of the pair loop; independent of the thread count, for determinism. */
  static final int BLOCKS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(Tsne.class);

  /**
   * Optimisation settings.
   *
   * @param perplexity             effective number of neighbours per point (5-50 is usual)
   * @param iterations             gradient steps in all
   * @param learningRate           step size
   * @param earlyExaggeration      factor on P during the first {@code exaggerationIterations} steps (>= 1)
   * @param exaggerationIterations steps with exaggeration; momentum switches from initial to final after them
   * @param initialMomentum        momentum while exaggerating
   * @param finalMomentum          momentum afterwards
   * @param threads                worker threads, 0 = available processors; does not change the result
   */
  public record Config(double perplexity, int iterations, double learningRate, double earlyExaggeration,
      int exaggerationIterations, double initialMomentum, double finalMomentum, int threads) {

    public static final Config DEFAULT = new Config(DEFAULT_PERPLEXITY, DEFAULT_ITERATIONS, DEFAULT_LEARNING_RATE,
        DEFAULT_EARLY_EXAGGERATION, DEFAULT_EXAGGERATION_ITERATIONS, DEFAULT_INITIAL_MOMENTUM,
        DEFAULT_FINAL_MOMENTUM, DEFAULT_THREADS);

    public Config {
      if (!(perplexity >= 1 && Double.isFinite(perplexity))) {
        throw new IllegalArgumentException("t-SNE perplexity must be a number >= 1 (typically 5-50), got "
            + perplexity);
      }
      if (iterations < 1) {
        throw new IllegalArgumentException("t-SNE iterations must be at least 1, got " + iterations);
      }
      if (!(learningRate > 0 && Double.isFinite(learningRate))) {
        throw new IllegalArgumentException("t-SNE learning rate must be positive, got " + learningRate);
      }
      if (!(earlyExaggeration >= 1 && Double.isFinite(earlyExaggeration))) {
        throw new IllegalArgumentException("t-SNE early exaggeration must be >= 1 (1 = none), got "
            + earlyExaggeration);
      }
      if (exaggerationIterations < 0 || exaggerationIterations > iterations) {
        throw new IllegalArgumentException("t-SNE exaggeration iterations must be in [0, iterations = " + iterations
            + "], got " + exaggerationIterations);
      }
      if (!(initialMomentum >= 0 && initialMomentum < 1) || !(finalMomentum >= 0 && finalMomentum < 1)) {
        throw new IllegalArgumentException("t-SNE momenta must be in [0, 1), got " + initialMomentum + " and "
            + finalMomentum);
      }
      if (threads < 0) {
        throw new IllegalArgumentException("t-SNE threads must be >= 0 (0 = available processors), got " + threads);
      }
    }

    /** This config with another perplexity. */
    public Config withPerplexity(double value) {
      return new Config(value, iterations, learningRate, earlyExaggeration, exaggerationIterations, initialMomentum,
          finalMomentum, threads);
    }

    /** This config with another thread count (0 = available processors). */
    public Config withThreads(int value) {
      return new Config(perplexity, iterations, learningRate, earlyExaggeration, exaggerationIterations,
          initialMomentum, finalMomentum, value);
    }

    /** This config with the perplexity lowered, if needed, to what {@code points} points allow (at least 1). */
    public Config fittedTo(int points) {
      double allowed = Math.max(1, (points - 1) / (double) POINTS_PER_PERPLEXITY);
      return perplexity <= allowed ? this : withPerplexity(allowed);
    }

    int effectiveThreads() {
      return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
  }

  private Tsne() {}

  /**
   * Embeds the rows of {@code x} (n points × d features, all finite) in two dimensions.
   *
   * @return n rows of {x, y}, centred on the origin
   * @throws IllegalArgumentException on ragged or non-finite input, more than {@link #MAX_POINTS} points, or
   *     fewer than {@code 3 × perplexity + 1} points (use {@link Config#fittedTo(int)})
   */
  public static double[][] embed(double[][] x, Config config, long seed) {
    if (config == null) {
      throw new IllegalArgumentException("t-SNE config must not be null; use Tsne.Config.DEFAULT");
    }
    int n = validate(x, config.perplexity());
    long start = System.nanoTime();
    int threads = Math.min(config.effectiveThreads(), BLOCKS);
    ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
    try {
      Runner runner = new Runner(pool);
      double[] p = jointProbabilities(x, config.perplexity(), runner);
      double[][] y = optimise(p, n, config, seed, runner);
      if (LOG.isDebugEnabled()) {
        LOG.debug("t-SNE of {} points x {} features on {} thread(s): {} ms, KL {}", n, x[0].length, threads,
            (System.nanoTime() - start) / 1_000_000, klDivergence(p, y));
      }
      return y;
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static int validate(double[][] x, double perplexity) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException("t-SNE needs points, got none");
    }
    int n = x.length;
    if (n > MAX_POINTS) {
      throw new IllegalArgumentException("exact t-SNE takes at most " + MAX_POINTS + " points, got " + n
          + "; subsample them first");
    }
    if (n - 1 < POINTS_PER_PERPLEXITY * perplexity) {
      throw new IllegalArgumentException("t-SNE with perplexity " + perplexity + " needs at least "
          + (int) Math.ceil(POINTS_PER_PERPLEXITY * perplexity + 1) + " points, got " + n
          + "; lower the perplexity (Config.fittedTo) or give more points");
    }
    if (x[0] == null || x[0].length == 0) {
      throw new IllegalArgumentException("t-SNE point 0 has no features");
    }
    int d = x[0].length;
    for (int i = 0; i < n; i++) {
      if (x[i] == null || x[i].length != d) {
        throw new IllegalArgumentException("t-SNE point " + i + " has " + (x[i] == null ? "no" : x[i].length)
            + " features, point 0 has " + d + ": rows must be equally long");
      }
      for (int k = 0; k < d; k++) {
        if (!Double.isFinite(x[i][k])) {
          throw new IllegalArgumentException("t-SNE point " + i + " feature " + k + " is " + x[i][k]
              + "; every value must be finite");
        }
      }
    }
    return n;
  }

  /** Runs independent tasks 0..count-1 on the pool, or in order on this thread without one. */
  private record Runner(ForkJoinPool pool) {
    void forEach(int count, IntConsumer task) {
      if (pool == null) {
        for (int k = 0; k < count; k++) {
          task.accept(k);
        }
        return;
      }
      try {
        pool.submit(() -> IntStream.range(0, count).parallel().forEach(task)).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("t-SNE interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("t-SNE worker failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /**
   * Symmetric joint probabilities p_ij = max((p_j|i + p_i|j) / 2n, 1e-12) in the upper triangle of an n×n
   * row-major array (i < j at {@code i * n + j}, the rest 0); they sum to about 1/2 there (1 over both
   * triangles). Dense: in a few dozen dimensions distances concentrate and few p_ij are negligible.
   */
  static double[] jointProbabilities(double[][] x, double perplexity) {
    return jointProbabilities(x, perplexity, new Runner(null));
  }

  private static double[] jointProbabilities(double[][] x, double perplexity, Runner runner) {
    int n = x.length;
    double[] p = new double[n * n];
    runner.forEach(n, i -> { // rows are independent
      double[] distances = new double[n];
      for (int j = 0; j < n; j++) {
        distances[j] = j == i ? 0 : squaredDistance(x[i], x[j]);
      }
      conditionalRow(distances, i, perplexity, p, i * n);
    });
    double scale = 1.0 / (2.0 * n);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        p[i * n + j] = Math.max((p[i * n + j] + p[j * n + i]) * scale, MIN_P);
        p[j * n + i] = 0;
      }
    }
    return p;
  }

  /**
   * Writes p_j|i (j ≠ i) to {@code out[offset + j]}: a Gaussian over the squared distances whose precision
   * beta is bisected until the entropy is log(perplexity) within {@link #ENTROPY_TOLERANCE}.
   */
  static void conditionalRow(double[] distances, int self, double perplexity, double[] out, int offset) {
    int n = distances.length;
    // shift by the nearest distance: p is unchanged and exp cannot underflow to all zeros
    double nearest = Double.POSITIVE_INFINITY;
    double mean = 0;
    for (int j = 0; j < n; j++) {
      if (j != self) {
        nearest = Math.min(nearest, distances[j]);
        mean += distances[j];
      }
    }
    mean = mean / (n - 1) - nearest;
    double target = Math.log(perplexity);
    double beta = mean > 0 ? 1 / mean : 1;
    double low = 0, high = Double.POSITIVE_INFINITY;
    for (int step = 0; ; step++) {
      double sum = 0, weighted = 0;
      for (int j = 0; j < n; j++) {
        if (j == self) {
          out[offset + j] = 0;
          continue;
        }
        double shifted = distances[j] - nearest;
        double v = Math.exp(-beta * shifted);
        out[offset + j] = v;
        sum += v;
        weighted += shifted * v;
      }
      double entropy = Math.log(sum) + beta * weighted / sum;
      double diff = entropy - target;
      if (Math.abs(diff) < ENTROPY_TOLERANCE || step == MAX_SEARCH_STEPS - 1) {
        for (int j = 0; j < n; j++) {
          out[offset + j] /= sum;
        }
        return;
      }
      if (diff > 0) { // too flat: sharpen
        low = beta;
        beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
      } else {
        high = beta;
        beta = (beta + low) / 2;
      }
    }
  }

  private static double[][] optimise(double[] p, int n, Config config, long seed, Runner runner) {
    Random random = new Random(seed);
    double[] y0 = new double[n], y1 = new double[n];
    for (int i = 0; i < n; i++) {
      y0[i] = random.nextGaussian() * INITIAL_SD;
      y1[i] = random.nextGaussian() * INITIAL_SD;
    }
    double[] update0 = new double[n], update1 = new double[n];
    double[] gain0 = new double[n], gain1 = new double[n];
    Arrays.fill(gain0, 1);
    Arrays.fill(gain1, 1);
    Forces forces = new Forces(p, n, y0, y1);
    for (int iter = 0; iter < config.iterations(); iter++) {
      boolean exaggerating = iter < config.exaggerationIterations();
      double exaggeration = exaggerating ? config.earlyExaggeration() : 1;
      double momentum = exaggerating ? config.initialMomentum() : config.finalMomentum();
      double z = forces.compute(runner);
      for (int i = 0; i < n; i++) {
        // dC/dy_i = 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j), w_ij = 1/(1+d²), q_ij = w_ij / Z
        double g0 = 4 * (exaggeration * forces.attract0[i] - forces.repulse0[i] / z);
        double g1 = 4 * (exaggeration * forces.attract1[i] - forces.repulse1[i] / z);
        gain0[i] = nextGain(gain0[i], g0, update0[i]);
        gain1[i] = nextGain(gain1[i], g1, update1[i]);
        update0[i] = momentum * update0[i] - config.learningRate() * gain0[i] * g0;
        update1[i] = momentum * update1[i] - config.learningRate() * gain1[i] * g1;
        y0[i] += update0[i];
        y1[i] += update1[i];
      }
      centre(y0);
      centre(y1);
    }
    double[][] y = new double[n][OUTPUT_DIMENSIONS];
    for (int i = 0; i < n; i++) {
      y[i][0] = y0[i];
      y[i][1] = y1[i];
    }
    return y;
  }

  /**
   * The O(n²) part: attract_i = Σ_j p_ij w_ij (y_i − y_j), repulse_i = Σ_j w_ij² (y_i − y_j) and
   * Z = Σ_{i≠j} w_ij (needed before the two can be combined, hence two sums). Each pair i < j is visited
   * once and credited to both ends; the rows are cut into {@link #BLOCKS} blocks of about equal pair counts,
   * each with its own partial sums.
   */
  private static final class Forces {
    final double[] p;
    final int n;
    final double[] y0, y1;
    final double[] attract0, attract1, repulse0, repulse1;
    final int[] blockStart = new int[BLOCKS + 1];
    final double[][] partial = new double[BLOCKS][]; // per block: attract0, attract1, repulse0, repulse1 (4n)
    final double[] partialZ = new double[BLOCKS];

    Forces(double[] p, int n, double[] y0, double[] y1) {
      this.p = p;
      this.n = n;
      this.y0 = y0;
      this.y1 = y1;
      attract0 = new double[n];
      attract1 = new double[n];
      repulse0 = new double[n];
      repulse1 = new double[n];
      double pairs = n * (n - 1) / 2.0;
      int row = 0;
      double done = 0;
      for (int b = 1; b < BLOCKS; b++) {
        while (row < n && done < pairs * b / BLOCKS) {
          done += n - 1 - row;
          row++;
        }
        blockStart[b] = row;
      }
      blockStart[BLOCKS] = n;
      for (int b = 0; b < BLOCKS; b++) {
        partial[b] = new double[4 * n];
      }
    }

    double compute(Runner runner) {
      runner.forEach(BLOCKS, this::block);
      double z = 0;
      for (int b = 0; b < BLOCKS; b++) {
        z += partialZ[b];
      }
      for (int i = 0; i < n; i++) {
        double a0 = 0, a1 = 0, r0 = 0, r1 = 0;
        for (int b = 0; b < BLOCKS; b++) { // fixed order: the same sums on any number of threads
          double[] s = partial[b];
          a0 += s[i];
          a1 += s[n + i];
          r0 += s[2 * n + i];
          r1 += s[3 * n + i];
        }
        attract0[i] = a0;
        attract1[i] = a1;
        repulse0[i] = r0;
        repulse1[i] = r1;
      }
      return 2 * z;
    }

    private void block(int b) {
      double[] s = partial[b];
      int oa1 = n, or0 = 2 * n, or1 = 3 * n;
      int first = blockStart[b]; // the block never touches points before its first row: those stay 0
      for (int offset = 0; offset < 4 * n; offset += n) {
        Arrays.fill(s, offset + first, offset + n, 0);
      }
      double z = 0;
      for (int i = blockStart[b]; i < blockStart[b + 1]; i++) {
        double yi0 = y0[i], yi1 = y1[i];
        double a0 = 0, a1 = 0, r0 = 0, r1 = 0;
        int row = i * n;
        for (int j = i + 1; j < n; j++) {
          double d0 = yi0 - y0[j];
          double d1 = yi1 - y1[j];
          double w = 1 / (1 + d0 * d0 + d1 * d1);
          z += w;
          double pw = p[row + j] * w;
          double ww = w * w;
          double fa0 = pw * d0, fa1 = pw * d1, fr0 = ww * d0, fr1 = ww * d1;
          a0 += fa0;
          a1 += fa1;
          r0 += fr0;
          r1 += fr1;
          s[j] -= fa0;
          s[oa1 + j] -= fa1;
          s[or0 + j] -= fr0;
          s[or1 + j] -= fr1;
        }
        s[i] += a0;
        s[oa1 + i] += a1;
        s[or0 + i] += r0;
        s[or1 + i] += r1;
      }
      partialZ[b] = z;
    }
  }

  /** dKL(P‖Q)/dy without exaggeration, for checking against finite differences. */
  static double[][] gradient(double[] p, double[][] y) {
    int n = y.length;
    double[] y0 = new double[n], y1 = new double[n];
    for (int i = 0; i < n; i++) {
      y0[i] = y[i][0];
      y1[i] = y[i][1];
    }
    Forces forces = new Forces(p, n, y0, y1);
    double z = forces.compute(new Runner(null));
    double[][] g = new double[n][OUTPUT_DIMENSIONS];
    for (int i = 0; i < n; i++) {
      g[i][0] = 4 * (forces.attract0[i] - forces.repulse0[i] / z);
      g[i][1] = 4 * (forces.attract1[i] - forces.repulse1[i] / z);
    }
    return g;
  }

  /** Jacobs' adaptive gain: grow while the gradient keeps pushing against the last step, shrink otherwise. */
  private static double nextGain(double gain, double gradient, double lastUpdate) {
    double next = (gradient > 0) != (lastUpdate > 0) ? gain + GAIN_INCREASE : gain * GAIN_DECAY;
    return Math.max(next, MIN_GAIN);
  }

  private static void centre(double[] v) {
    double mean = 0;
    for (double value : v) {
      mean += value;
    }
    mean /= v.length;
    for (int i = 0; i < v.length; i++) {
      v[i] -= mean;
    }
  }

  /** KL(P‖Q) of an embedding, P as returned by {@link #jointProbabilities}. */
  static double klDivergence(double[] p, double[][] y) {
    int n = y.length;
    double z = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        z += 2 / (1 + squaredDistance(y[i], y[j]));
      }
    }
    double kl = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double pij = p[i * n + j];
        double qij = 1 / (1 + squaredDistance(y[i], y[j])) / z;
        kl += 2 * pij * Math.log(pij / qij);
      }
    }
    return kl;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      double d = a[k] - b[k];
      sum += d * d;
    }
    return sum;
  }
}
