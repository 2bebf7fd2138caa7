package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.broker.TopicReader;
import io.seqmia.data.SyntheticClicks;
import io.seqmia.schemas.AttackReport;
import io.seqmia.schemas.Topics;
import io.seqmia.testkit.BrokerTest;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seqmia broker}, {@code streams}, {@code trainer} and {@code attacker} as four processes, started the
 * way the compose services start them (environment, --set, --http-port), reach verdicts for a replayed file;
 * each answers /health, the broker too; SIGTERM stops each with its "stopped on request" line, and every verdict stays.
 */
@Tag(BrokerTest.TAG)
class SeparateProcessesTest {

  private static final Duration VERDICTS_WAIT = Duration.ofMinutes(4);

  private static int freePort() throws IOException {
    return SeqmiaProcess.freePort();
  }

  private static Process seqmia(Path log, Map<String, String> env, String... args) throws IOException {
    return SeqmiaProcess.start(log, log, env, args);
  }

  private static void awaitPort(int port, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try (Socket ignored = new Socket("localhost", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("nothing listens on " + port + ": " + Files.readString(log));
  }

  @Test
  void fourProcessesProduceVerdictsAndStopCleanlyOnSigterm(@TempDir Path dir) throws Exception {
    Path clicks = dir.resolve("clicks.dat");
    SyntheticClicks.write(clicks, 1_200, 11);
    int kafka = freePort();
    String bootstrap = "localhost:" + kafka;
    Map<String, Process> processes = new LinkedHashMap<>();
    try {
      Map<String, Integer> http = new LinkedHashMap<>();
      http.put("broker", freePort());
      Process broker = seqmia(dir.resolve("broker.log"), Map.of("SEQMIA_HTTP_PORT", Integer.toString(http.get("broker"))),
          "broker", "--port", Integer.toString(kafka), "--data-dir", dir.resolve("broker").toString());
      processes.put("broker", broker);
      awaitPort(kafka, broker, dir.resolve("broker.log"));

      // stage keys as compose gives them: the environment (streams) or --set (trainer, attacker)
      Map<String, Map<String, String>> stageEnvironment = Map.of("streams",
          Map.of("SEQMIA_STREAMS_STATE_DIR", dir.resolve("streams-state").toString()), "trainer", Map.of(),
          "attacker", Map.of());
      Map<String, List<String>> services = Map.of(
          "streams", List.of("streams"),
          "trainer", List.of("trainer", "--set", "trainer.model.dir=" + dir.resolve("models"), "--set", "trainer.model.epochs=3"),
          "attacker", List.of("attacker", "--set", "attacker.model.dir=" + dir.resolve("attack-models")));
      for (String name : List.of("streams", "trainer", "attacker")) {
        int port = freePort();
        http.put(name, port);
        Path log = dir.resolve(name + ".log");
        // as in docker-compose.yml: the address and the endpoint port from the environment
        Map<String, String> env = new java.util.HashMap<>(stageEnvironment.get(name));
        env.putAll(Map.of(KafkaOptions.BOOTSTRAP_ENV, bootstrap, "SEQMIA_HTTP_PORT", Integer.toString(port)));
        Process p = seqmia(log, env, services.get(name).toArray(String[]::new));
        processes.put(name, p);
      }
      for (String name : http.keySet()) {
        awaitPort(http.get(name), processes.get(name), dir.resolve(name + ".log"));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + http.get(name) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), name + ": " + health.body());
      }

      assertEquals(0, Seqmia.newCommandLine().execute("replay", "--bootstrap-server", bootstrap, "--file",
          clicks.toString()));
      AttackReport report = TopicReader.await(bootstrap, Topics.withPrefix("").attackReports(), r -> true,
          VERDICTS_WAIT);
      assertTrue(report != null, "no attack report; trainer log: " + Files.readString(dir.resolve("trainer.log")));
      assertTrue(report.getVerdictsPublished() > 500 && report.getVerdictsPublished() == report.getVerdictsExpected(),
          "verdicts " + report.getVerdictsPublished() + " of " + report.getVerdictsExpected());

      for (String name : List.of("attacker", "trainer", "streams")) {
        Process p = processes.remove(name);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), name + " did not stop within 90 s");
        String log = Files.readString(dir.resolve(name + ".log"));
        assertTrue(log.contains("stopped on request"), name + " did not say how it stopped: " + log);
      }
      // the default console of a stage, as a container log shows it: progress lines and warnings, no INFO line;
      // the whole log in a rolling file in the stage's own folder
      Map<String, Path> wholeLogs = Map.of("streams", dir.resolve("streams-state/seqmia-streams.log"),
          "trainer", dir.resolve("models/seqmia-trainer.log"), "attacker", dir.resolve("attack-models/seqmia-attacker.log"));
      for (String name : List.of("streams", "trainer", "attacker")) {
        List<String> console = Files.readAllLines(dir.resolve(name + ".log"));
        assertTrue(console.stream().anyMatch(l -> l.matches("\\[\\d+:\\d\\d:\\d\\d] .*")), name + ": no progress line: "
            + console);
        assertTrue(console.stream().noneMatch(l -> l.contains(" INFO ")), name + ": an INFO line on the console: "
            + console);
        assertTrue(Files.readString(wholeLogs.get(name)).contains(" INFO "), name + ": the whole log lacks INFO");
      }
      long verdicts = TopicReader.readAll(bootstrap, Topics.withPrefix("").membershipVerdicts()).size();
      assertEquals(report.getVerdictsPublished(), verdicts, "every committed verdict stays; nothing half-written");
    } finally {
      for (Process p : processes.values()) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
