package io.seqmia.attacker.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomizedSvdTest {

  /** rows × cols with each entry 1 with probability {@code density}. */
  private static SparseBinaryMatrix random(int rows, int cols, double density, long seed) {
    Random random = new Random(seed);
    int[][] entries = new int[rows][];
    for (int i = 0; i < rows; i++) {
      List<Integer> row = new ArrayList<>();
      for (int j = 0; j < cols; j++) {
        if (random.nextDouble() < density) {
          row.add(j);
        }
      }
      entries[i] = row.stream().mapToInt(Integer::intValue).toArray();
    }
    return new SparseBinaryMatrix(cols, entries);
  }

  /** Exact singular values of A, from the eigenvalues of AᵀA. */
  private static double[] exactSingularValues(SparseBinaryMatrix a) {
    int m = a.cols();
    double[][] identity = new double[m][m];
    for (int j = 0; j < m; j++) {
      identity[j][j] = 1;
    }
    double[][] gram = a.transposeTimes(a.times(identity)); // column j of AᵀA
    double[] values = SymmetricEigen.decompose(gram).values();
    double[] out = new double[m];
    for (int t = 0; t < m; t++) {
      out[t] = Math.sqrt(Math.max(0, values[t]));
    }
    return out;
  }

  @Test
  void twoAllOnesBlocksByHand() {
    // sessions 0-2 click items 0-3, sessions 3-4 click items 4-6: σ = √(3·4), √(2·3), then zeros
    int[][] rows = {{0, 1, 2, 3}, {0, 1, 2, 3}, {3, 2, 1, 0}, {4, 5, 6}, {4, 5, 6}};
    RandomizedSvd.Result r = RandomizedSvd.columnFactors(new SparseBinaryMatrix(7, rows), 4, 1);
    assertEquals(Math.sqrt(12), r.values()[0], 1e-9);
    assertEquals(Math.sqrt(6), r.values()[1], 1e-9);
    assertEquals(0, r.values()[2]);
    assertEquals(0, r.values()[3]);
    // item factor = v·√σ with v = (1/2, 1/2, 1/2, 1/2) on block one and (1/√3, 1/√3, 1/√3) on block two
    double first = 0.5 * Math.pow(12, 0.25);
    double second = Math.pow(6, 0.25) / Math.sqrt(3);
    for (int j = 0; j < 7; j++) {
      assertEquals(j < 4 ? first : 0, r.itemFactors()[j][0], 1e-9, "item " + j + " dimension 0");
      assertEquals(j < 4 ? 0 : second, r.itemFactors()[j][1], 1e-9, "item " + j + " dimension 1");
      assertEquals(0, r.itemFactors()[j][2]);
      assertEquals(0, r.itemFactors()[j][3]);
    }
  }

  /**
   * A random matrix has a flat spectrum, the hardest case for a randomised SVD: the top singular values
   * still come out within 0.01% and the factors satisfy the eigen-equation to within 1%.
   */
  @Test
  void matchesExactSingularValuesOnBothSides() {
    // tall (more sessions than items) and wide (more items than sessions) take different code paths
    for (SparseBinaryMatrix a : List.of(random(120, 40, 0.1, 3), random(40, 120, 0.1, 4))) {
      int rank = 10;
      RandomizedSvd.Result r = RandomizedSvd.columnFactors(a, rank, 9);
      double[] exact = exactSingularValues(a);
      String shape = a.rows() + " × " + a.cols();
      for (int t = 0; t < rank; t++) {
        assertEquals(exact[t], r.values()[t], 1e-4 * exact[t], "singular value " + t + " of a " + shape);
      }
      // each factor column f_t = v_t·√σ_t has norm √σ_t and satisfies AᵀA·f_t = σ_t²·f_t
      double[][] f = new double[rank][a.cols()];
      for (int t = 0; t < rank; t++) {
        for (int j = 0; j < a.cols(); j++) {
          f[t][j] = r.itemFactors()[j][t];
        }
      }
      double[][] ataf = a.transposeTimes(a.times(f));
      for (int t = 0; t < rank; t++) {
        double s2 = r.values()[t] * r.values()[t];
        double norm2 = 0;
        double residual2 = 0;
        for (int j = 0; j < a.cols(); j++) {
          norm2 += f[t][j] * f[t][j];
          double d = ataf[t][j] - s2 * f[t][j];
          residual2 += d * d;
        }
        assertEquals(r.values()[t], norm2, 1e-9 * r.values()[t], "|f_" + t + "|² = σ_" + t + " (" + shape + ")");
        double relative = Math.sqrt(residual2 / norm2) / s2;
        assertTrue(relative < 0.01, "eigen-equation residual of factor " + t + " (" + shape + "): " + relative);
      }
    }
  }

  @Test
  void transposeSwapsRowsAndColumns() {
    SparseBinaryMatrix a = new SparseBinaryMatrix(3, new int[][] {{0, 2}, {1}});
    SparseBinaryMatrix t = a.transpose();
    assertEquals(3, t.rows());
    assertEquals(2, t.cols());
    double[][] e = {{1, 0}};
    assertEquals(List.of(1.0, 0.0, 1.0), box(t.times(e)[0]));
    assertThrows(IllegalArgumentException.class, () -> new SparseBinaryMatrix(2, new int[][] {{2}}));
  }

  private static List<Double> box(double[] x) {
    List<Double> out = new ArrayList<>();
    for (double v : x) {
      out.add(v);
    }
    return out;
  }
}
