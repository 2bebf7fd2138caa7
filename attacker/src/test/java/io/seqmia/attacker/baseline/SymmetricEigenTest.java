package io.seqmia.attacker.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void twoByTwoByHand() {
    // [[2,1],[1,2]]: eigenvalues 3 (along (1,1)/√2) and 1 (along (1,-1)/√2)
    SymmetricEigen.Result r = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}});
    assertEquals(3, r.values()[0], 1e-12);
    assertEquals(1, r.values()[1], 1e-12);
    double s = Math.sqrt(0.5);
    assertEquals(s, Math.abs(r.vectors()[0][0]), 1e-12);
    assertEquals(r.vectors()[0][0], r.vectors()[1][0], 1e-12);
    assertEquals(-r.vectors()[0][1], r.vectors()[1][1], 1e-12);
  }

  @Test
  void randomSymmetricMatrixIsDiagonalised() {
    int n = 15;
    Random random = new Random(5);
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        a[i][j] = a[j][i] = random.nextGaussian();
      }
    }
    SymmetricEigen.Result r = SymmetricEigen.decompose(a);
    double[][] v = r.vectors();
    for (int t = 0; t < n; t++) {
      if (t > 0) {
        assertTrue(r.values()[t] <= r.values()[t - 1], "eigenvalues must come in descending order");
      }
      for (int i = 0; i < n; i++) {
        double av = 0;
        for (int j = 0; j < n; j++) {
          av += a[i][j] * v[j][t];
        }
        assertEquals(r.values()[t] * v[i][t], av, 1e-10, "A·v = λ·v for eigenpair " + t);
      }
      for (int u = 0; u < n; u++) {
        double dot = 0;
        for (int i = 0; i < n; i++) {
          dot += v[i][t] * v[i][u];
        }
        assertEquals(t == u ? 1 : 0, dot, 1e-10, "eigenvectors are orthonormal");
      }
    }
  }

  @Test
  void rejectsNonSquare() {
    assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[][] {{1, 2}, {3}}));
  }
}
