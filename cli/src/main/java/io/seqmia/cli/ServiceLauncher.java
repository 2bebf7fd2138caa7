package io.seqmia.cli;

/**
 * Runs a long-lived service on the calling thread until it returns or the JVM is asked to stop
 * (Ctrl-C, SIGTERM): the shutdown hook closes the service and waits for its loop to finish, so
 * producers flush and consumers leave cleanly.
 */
final class ServiceLauncher {

  private ServiceLauncher() {}

  static <S extends Runnable & AutoCloseable> int runUntilStopped(String name, S service) {
    Thread worker = Thread.currentThread();
    Thread hook = new Thread(() -> {
      try {
        service.close();
        worker.join(30_000);
      } catch (Exception e) {
        System.err.println(name + ": error while stopping: " + e);
      }
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.err.println(name + " running; Ctrl-C stops it.");
    service.run();
    return 0;
  }
}
