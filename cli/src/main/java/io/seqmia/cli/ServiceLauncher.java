package io.seqmia.cli;

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

  static <S extends Runnable & AutoCloseable> int runUntilStopped(String name, S service,
      ServiceEndpoints endpoints) {
    Thread worker = Thread.currentThread();
    Thread hook = new Thread(() -> {
      try {
        service.close();
        worker.join(StageLoop.CLOSE_WAIT.toMillis());
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
      if (endpoints != null) {
        endpoints.close();
      }
    }
    return 0;
  }
}
