package io.seqmia.replay;

/** What the records on {@code clicks} are keyed by (the streams stage groups sessions by key). */
public enum KeyBy {
  /** The session id (YooChoose, session-rec files, Diginetica). */
  SESSION,
  /** The user id (MovieLens: sessions are cut from each user's history); every click must carry one. */
  USER
}
