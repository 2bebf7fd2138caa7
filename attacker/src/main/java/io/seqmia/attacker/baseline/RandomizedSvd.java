package io.seqmia.attacker.baseline;

import java.util.Arrays;
import java.util.Random;

/**
 * Truncated SVD A ≈ U·Σ·Vᵀ of a sparse 0/1 matrix by randomised subspace iteration with a Rayleigh-Ritz
 * step (Halko, Martinsson and Tropp 2011, algorithms 4.4 and 5.1, run on the Gram matrix of the smaller
 * side): a seeded Gaussian start, a few applications of MᵀM with re-orthonormalisation, then an exact
 * k × k eigen-problem. Dense work is done on vectors of the smaller dimension only (items, for click
 * logs), so the cost is about (non-zeros + min(rows, cols)·k)·k per iteration.
 */
final class RandomizedSvd {

  /** Extra random directions beyond the requested rank; improves the accuracy of the last ones. */
  static final int OVERSAMPLING = 10;
  /**
   * Subspace iterations. Click data has a flat spectrum tail; measured on YooChoose (17.8k sessions, 2.9k
   * items, d = 100) against a rank-300 run: σ₅₀ within 0.01%, σ₉₉ within 1.5% at 8, 3.6% at 4.
   */
  static final int POWER_ITERATIONS = 8;
  /** Singular values below this fraction of the largest are treated as zero (rounding noise). */
  static final double RELATIVE_RANK_TOLERANCE = 1e-6;
  /** A column whose norm drops below this fraction after projection is already in the span. */
  private static final double DEPENDENT_COLUMN = 1e-10;

  /**
   * @param values the {@code rank} largest singular values, descending, zero beyond the numerical rank
   * @param itemFactors {@code itemFactors[j][t] = V[j][t]·√σ_t}, one row per column of A; columns beyond
   *     the numerical rank are zero
   */
  record Result(double[] values, double[][] itemFactors) {}

  private RandomizedSvd() {}

  /** The best rank-{@code rank} column factors of {@code a} (fewer non-zero ones when A's rank is lower). */
  static Result columnFactors(SparseBinaryMatrix a, int rank, long seed) {
    if (rank <= 0) {
      throw new IllegalArgumentException("rank must be positive, got " + rank);
    }
    int k = Math.min(rank + OVERSAMPLING, Math.min(a.rows(), a.cols()));
    // M's columns are the smaller side: the right singular vectors of M are V (items side) or U.
    boolean itemsSide = a.cols() <= a.rows();
    SparseBinaryMatrix m = itemsSide ? a : a.transpose();
    Random random = new Random(seed);
    double[][] z = new double[k][m.cols()];
    for (double[] column : z) {
      for (int j = 0; j < column.length; j++) {
        column[j] = random.nextGaussian();
      }
    }
    orthonormalize(z, 1);
    // one Gram-Schmidt pass keeps the iterates well conditioned; the last basis gets two for orthogonality
    for (int i = 0; i <= POWER_ITERATIONS; i++) {
      z = orthonormalize(m.transposeTimes(m.times(z)), i == POWER_ITERATIONS ? 2 : 1);
    }
    // Rayleigh-Ritz: (M·Z)ᵀ(M·Z) = W·Λ·Wᵀ; σ = √λ, right singular vectors Z·W, left ones M·Z·W/σ.
    double[][] y = m.times(z);
    double[][] gram = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int s = r; s < k; s++) {
        gram[r][s] = gram[s][r] = dot(y[r], y[s]);
      }
    }
    SymmetricEigen.Result eigen = SymmetricEigen.decompose(gram);
    double[] values = new double[rank];
    double[][] factors = new double[a.cols()][rank];
    double largest = Math.sqrt(Math.max(0, eigen.values()[0]));
    for (int t = 0; t < Math.min(rank, k); t++) {
      double sigma = Math.sqrt(Math.max(0, eigen.values()[t]));
      if (sigma == 0 || sigma <= RELATIVE_RANK_TOLERANCE * largest) {
        break; // descending: every later one is below the tolerance too
      }
      values[t] = sigma;
      // items side: v_t = Z·w_t, factor v_t·√σ. Otherwise u_t = Z·w_t and Aᵀu_t = σ·v_t = M·Z·w_t.
      double[][] basis = itemsSide ? z : y;
      double[] column = new double[a.cols()];
      for (int r = 0; r < k; r++) {
        double w = eigen.vectors()[r][t];
        if (w != 0) {
          axpy(w, basis[r], column);
        }
      }
      double scale = itemsSide ? Math.sqrt(sigma) : 1 / Math.sqrt(sigma);
      // the sign of a singular pair is arbitrary: make the largest entry positive
      if (column[argMaxAbs(column)] < 0) {
        scale = -scale;
      }
      for (int j = 0; j < column.length; j++) {
        factors[j][t] = column[j] * scale;
      }
    }
    return new Result(values, factors);
  }

  /**
   * Modified Gram-Schmidt in place; two passes ("twice is enough", Giraud et al. 2005) give orthogonality
   * to rounding. A column already in the span of the previous ones becomes zero.
   */
  static double[][] orthonormalize(double[][] columns, int passes) {
    for (int c = 0; c < columns.length; c++) {
      double[] x = columns[c];
      double before = Math.sqrt(dot(x, x));
      for (int pass = 0; pass < passes; pass++) {
        for (int p = 0; p < c; p++) {
          double r = dot(columns[p], x);
          if (r != 0) {
            axpy(-r, columns[p], x);
          }
        }
      }
      double norm = Math.sqrt(dot(x, x));
      if (norm == 0 || norm <= DEPENDENT_COLUMN * before) {
        Arrays.fill(x, 0);
      } else {
        for (int i = 0; i < x.length; i++) {
          x[i] /= norm;
        }
      }
    }
    return columns;
  }

  /** Four partial sums: independent chains let the CPU overlap them (same result for the same input). */
  private static double dot(double[] x, double[] y) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int n = x.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += x[i] * y[i];
      s1 += x[i + 1] * y[i + 1];
      s2 += x[i + 2] * y[i + 2];
      s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; i++) {
      s0 += x[i] * y[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  private static int argMaxAbs(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (Math.abs(x[i]) > Math.abs(x[best])) {
        best = i;
      }
    }
    return best;
  }
}
