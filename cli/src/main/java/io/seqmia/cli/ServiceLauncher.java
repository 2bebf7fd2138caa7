package io.seqmia.cli;

import io.seqmia.cli.progress.ProgressDisplay;
import io.seqmia.kernel.ServiceEndpoints;
import io.seqmia.kernel.StageLoop;

/**
 * Runs a long-lived service on the calling thread until it returns or the JVM is asked to stop
 * (Ctrl-C, SIGTERM): the shutdown hook closes the service and waits for its loop to finish, so the open
 * transaction is aborted (never half-written), producers flush and consumers leave cleanly; then it says so.
 * A service that fails on its own throws out of {@link #runUntilStopped}, and the command exits non-zero.
 */
final class ServiceLauncher {

  private ServiceLauncher() {}

  /** As below, with no progress display. */
  static <S extends Runnable & AutoCloseable> int runUntilStopped(String name, S service,
      ServiceEndpoints endpoints) {
    return runUntilStopped(name, service, endpoints, null);
  }

  /** @param display the stage's progress display (null: none), closed before the closing line is printed */
  static <S extends Runnable & AutoCloseable> int runUntilStopped(String name, S service,
      ServiceEndpoints endpoints, ProgressDisplay display) {
    Thread worker = Thread.currentThread();
    Thread hook = new Thread(() -> {
      try {
        service.close();
        worker.join(StageLoop.CLOSE_WAIT.toMillis());
        if (display != null) {
          display.close();
        }
        System.err.println(name + ": stopped on request; the open transaction, if any, was aborted and everything"
            + " committed stays: a restart resumes from there");
      } catch (Exception e) {
        System.err.println(name + ": error while stopping: " + e);
      }
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.err.println(name + " running; Ctrl-C stops it.");
    try {
      service.run();
    } finally {
      if (display != null) {
        display.close();
      }
      if (endpoints != null) {
        endpoints.close();
      }
    }
    return 0;
  }
}
