package io.seqmia.replay;

/** The order records are produced in. */
public enum ReplayOrder {
  /** As the file lists them (the raw YooChoose log is ordered by session). */
  FILE,
  /** By event time, ties in file order; an external merge sort, so any file size fits a bounded heap. */
  TIME
}
