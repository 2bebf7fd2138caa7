package io.seqmia.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: writes a large generated file to show the generator's memory does not grow with sessions.
 * Run with a small heap, e.g. {@code java -Xmx64m -cp ... io.seqmia.data.SyntheticClicksScale 1000000 /tmp/g.dat}.
 */
public final class SyntheticClicksScale {

  private SyntheticClicksScale() {}

  public static void main(String[] args) throws Exception {
    int sessions = Integer.parseInt(args[0]);
    Path out = Path.of(args[1]);
    long t0 = System.nanoTime();
    SyntheticClicks.write(out, sessions, 42);
    Runtime rt = Runtime.getRuntime();
    System.out.printf("%,d sessions -> %s (%,d bytes) in %.1f s; heap max %,d MB, used at end %,d MB%n", sessions, out,
        Files.size(out), (System.nanoTime() - t0) / 1e9, rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }
}
