package io.seqmia.attacker.baseline;

/**
 * A 0/1 matrix in compressed-row form (rows = sessions, columns = items), with the two products the
 * randomised SVD needs. Dense operands are stored column by column: {@code x[c]} is column c.
 */
final class SparseBinaryMatrix {

  private final int rows;
  private final int cols;
  private final int[] rowStart;
  private final int[] colIndex;

  /**
   * @param rowEntries for each row, the distinct column indices holding a 1 (any order)
   */
  SparseBinaryMatrix(int cols, int[][] rowEntries) {
    if (cols <= 0) {
      throw new IllegalArgumentException("a matrix needs at least one column, got " + cols);
    }
    this.rows = rowEntries.length;
    this.cols = cols;
    this.rowStart = new int[rows + 1];
    int nnz = 0;
    for (int i = 0; i < rows; i++) {
      nnz += rowEntries[i].length;
      rowStart[i + 1] = nnz;
    }
    this.colIndex = new int[nnz];
    for (int i = 0; i < rows; i++) {
      for (int p = 0; p < rowEntries[i].length; p++) {
        int j = rowEntries[i][p];
        if (j < 0 || j >= cols) {
          throw new IllegalArgumentException("row " + i + " has column " + j + ", outside [0, " + cols + ")");
        }
        colIndex[rowStart[i] + p] = j;
      }
    }
  }

  /** Aᵀ, also in compressed-row form. */
  SparseBinaryMatrix transpose() {
    int[] count = new int[cols];
    for (int j : colIndex) {
      count[j]++;
    }
    int[][] entries = new int[cols][];
    for (int j = 0; j < cols; j++) {
      entries[j] = new int[count[j]];
    }
    int[] fill = new int[cols];
    for (int i = 0; i < rows; i++) {
      for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
        int j = colIndex[p];
        entries[j][fill[j]++] = i;
      }
    }
    return new SparseBinaryMatrix(rows, entries);
  }

  int rows() {
    return rows;
  }

  int cols() {
    return cols;
  }

  int nonZeros() {
    return colIndex.length;
  }

  /** A·X for X of {@code cols} rows given as columns; returns the columns of A·X (length {@code rows}). */
  double[][] times(double[][] x) {
    double[][] out = new double[x.length][rows];
    for (int c = 0; c < x.length; c++) {
      double[] xc = x[c];
      double[] oc = out[c];
      for (int i = 0; i < rows; i++) {
        double s = 0;
        for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
          s += xc[colIndex[p]];
        }
        oc[i] = s;
      }
    }
    return out;
  }

  /** Aᵀ·Y for Y of {@code rows} rows given as columns; returns the columns of Aᵀ·Y (length {@code cols}). */
  double[][] transposeTimes(double[][] y) {
    double[][] out = new double[y.length][cols];
    for (int c = 0; c < y.length; c++) {
      double[] yc = y[c];
      double[] oc = out[c];
      for (int i = 0; i < rows; i++) {
        double v = yc[i];
        if (v != 0) {
          for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
            oc[colIndex[p]] += v;
          }
        }
      }
    }
    return out;
  }
}
