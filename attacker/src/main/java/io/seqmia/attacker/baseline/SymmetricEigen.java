package io.seqmia.attacker.baseline;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: slow in the size (cubic
 * per sweep) but exact to rounding and free of dependencies. Used on the (d + oversampling)² Gram matrix
 * of the randomised SVD, about 110 × 110.
 */
final class SymmetricEigen {

  private static final int MAX_SWEEPS = 100;
  /** Stop when the off-diagonal mass is this small relative to the whole matrix. */
  private static final double TOLERANCE = 1e-14;

  /** Eigenvalues in descending order; {@code vectors[r][t]} is component r of the t-th eigenvector. */
  record Result(double[] values, double[][] vectors) {}

  private SymmetricEigen() {}

  static Result decompose(double[][] matrix) {
    int n = matrix.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      if (matrix[i].length != n) {
        throw new IllegalArgumentException("matrix is not square: row " + i + " has " + matrix[i].length
            + " entries, expected " + n);
      }
      a[i] = matrix[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    double total = 0;
    for (double[] row : a) {
      for (double x : row) {
        total += x * x;
      }
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off <= TOLERANCE * TOLERANCE * total) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0) {
            rotate(a, v, p, q);
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = a[i][i];
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
    double[] sortedValues = new double[n];
    double[][] sortedVectors = new double[n][n];
    for (int t = 0; t < n; t++) {
      sortedValues[t] = values[order[t]];
      for (int r = 0; r < n; r++) {
        sortedVectors[r][t] = v[r][order[t]];
      }
    }
    return new Result(sortedValues, sortedVectors);
  }

  /** One Jacobi rotation zeroing a[p][q] (Numerical Recipes §11.1). */
  private static void rotate(double[][] a, double[][] v, int p, int q) {
    double apq = a[p][q];
    double theta = (a[q][q] - a[p][p]) / (2 * apq);
    // for a huge theta, theta² would overflow: t ≈ 1/(2θ) there
    double t = Math.abs(theta) > 1e150 ? 1 / (2 * theta)
        : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    int n = a.length;
    for (int r = 0; r < n; r++) {
      if (r != p && r != q) {
        double arp = a[r][p];
        double arq = a[r][q];
        a[r][p] = a[p][r] = c * arp - s * arq;
        a[r][q] = a[q][r] = s * arp + c * arq;
      }
    }
    a[p][p] -= t * apq;
    a[q][q] += t * apq;
    a[p][q] = a[q][p] = 0;
    for (int r = 0; r < n; r++) {
      double vrp = v[r][p];
      double vrq = v[r][q];
      v[r][p] = c * vrp - s * vrq;
      v[r][q] = s * vrp + c * vrq;
    }
  }
}
