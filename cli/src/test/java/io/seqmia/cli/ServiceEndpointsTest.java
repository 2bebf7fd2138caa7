package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqmia.attacker.AttackerConfig;
import io.seqmia.attacker.AttackerObservation;
import io.seqmia.attacker.AttackerService;
import io.seqmia.broker.EmbeddedKafkaBroker;
import io.seqmia.broker.TopicAdmin;
import io.seqmia.kernel.ServiceEndpoints;
import io.seqmia.schemas.Topics;
import io.seqmia.streams.StreamsApp;
import io.seqmia.streams.StreamsAppConfig;
import io.seqmia.testkit.KafkaBroker;
import io.seqmia.testkit.BrokerTest;
import io.seqmia.trainer.TrainerConfig;
import io.seqmia.trainer.TrainerObservation;
import io.seqmia.trainer.TrainerService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /health and GET /metrics of the streams-app, the trainer and the attacker, on a real broker. */
@BrokerTest
class ServiceEndpointsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(ServiceEndpoints endpoints, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + endpoints.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits (up to 30 s) until /health answers with the status. */
  private static HttpResponse<String> healthBecomes(ServiceEndpoints endpoints, int status) throws Exception {
    HttpResponse<String> r = get(endpoints, "/health");
    for (int i = 0; i < 300 && r.statusCode() != status; i++) {
      Thread.sleep(100);
      r = get(endpoints, "/health");
    }
    return r;
  }

  @Test
  void theTrainerAndTheAttackerSayTheirStateAndExportTheirClientsMetrics(KafkaBroker broker) throws Exception {
    Topics topics = Topics.withPrefix("endpoints.");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    TrainerService trainer = new TrainerService(TrainerConfig.defaults(broker.bootstrapServers(), topics)
        .withGroupId("endpoints-trainer"));
    AttackerService attacker = new AttackerService(AttackerConfig.of(broker.bootstrapServers(), topics)
        .withGroupId("endpoints-attacker"));
    Thread trainerThread = new Thread(trainer, "trainer");
    Thread attackerThread = new Thread(attacker, "attacker");
    try (ServiceEndpoints trainerHttp = ServiceEndpoints.start(0, "trainer", new TrainerObservation(trainer));
        ServiceEndpoints attackerHttp = ServiceEndpoints.start(0, "attacker", new AttackerObservation(attacker))) {
      trainerThread.start();
      attackerThread.start();
      HttpResponse<String> health = healthBecomes(trainerHttp, 200);
      assertEquals(200, health.statusCode(), health.body());
      assertTrue(health.body().contains("\"status\":\"UP\"") && health.body().contains("\"state\":\"COLLECTING\""),
          health.body());
      String metrics = get(trainerHttp, "/metrics").body();
      assertTrue(metrics.contains("seqmia_trainer_phase{phase=\"COLLECTING\",service=\"trainer\"} 1.0"), metrics);
      assertTrue(metrics.contains("seqmia_records_in_total") && metrics.contains("seqmia_trainer_vectors_scored"),
          "the loop's and the trainer's own meters");
      assertTrue(metrics.contains("kafka_consumer_fetch_manager_records_consumed_total")
          && metrics.contains("kafka_producer_"), "the clients' own metrics (lag, rates)");

      assertEquals(200, healthBecomes(attackerHttp, 200).statusCode());
      assertTrue(get(attackerHttp, "/health").body().contains("\"state\":\"WAITING\""));
      String attackerMetrics = get(attackerHttp, "/metrics").body();
      assertTrue(attackerMetrics.contains("seqmia_verdict_latency_milliseconds")
          && attackerMetrics.contains("seqmia_verdicts_published_total"), attackerMetrics);

      trainer.close();
      trainerThread.join(60_000);
      HttpResponse<String> stopped = get(trainerHttp, "/health");
      assertEquals(503, stopped.statusCode(), "a stopped service cannot do its job");
      assertTrue(stopped.body().contains("\"state\":\"STOPPED\""), stopped.body());
    } finally {
      trainer.close();
      attacker.close();
    }
  }

  @Test
  void theStreamsAppSaysKafkaStreamsState(KafkaBroker broker, @TempDir Path state) throws Exception {
    Topics topics = Topics.withPrefix("endpoints-streams.");
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, 2, (short) 1);
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", broker.bootstrapServers());
    p.setProperty("topic.prefix", topics.prefix());
    p.setProperty("streams.application.id", "endpoints-streams");
    p.setProperty("streams.state.dir", state.toString());
    StreamsApp app = StreamsApp.start(StreamsAppConfig.fromProperties(p));
    try (ServiceEndpoints http = ServiceEndpoints.start(0, "streams", app.observation())) {
      HttpResponse<String> health = get(http, "/health");
      assertEquals(200, health.statusCode(), health.body());
      assertTrue(health.body().contains("\"state\":\"RUNNING\""), health.body());
      String metrics = get(http, "/metrics").body();
      assertTrue(metrics.contains("seqmia_streams_deadLettered_total"), "the dead-letter counter");
      assertTrue(metrics.contains("kafka_stream_"), "Kafka Streams' own metrics");
      app.close();
      HttpResponse<String> closed = get(http, "/health");
      assertEquals(503, closed.statusCode(), closed.body());
    } finally {
      app.close();
    }
  }

  @Test
  void theBrokerIsUpWhileItAnswersAndDownOnceItStops(@TempDir Path data) throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, java.util.Map.of());
    boolean stopped = false;
    try (BrokerObservation observation = new BrokerObservation(broker.bootstrapServers());
        ServiceEndpoints http = ServiceEndpoints.start(0, "broker", observation)) {
      TopicAdmin.ensureTopics(broker.bootstrapServers(), Topics.withPrefix("endpoints-broker."), 1, (short) 1);
      HttpResponse<String> health = get(http, "/health");
      assertEquals(200, health.statusCode(), health.body());
      assertTrue(health.body().contains("\"state\":\"RUNNING\""), health.body());
      String metrics = get(http, "/metrics").body();
      java.util.regex.Matcher topics = java.util.regex.Pattern
          .compile("seqmia_broker_topics\\{service=\"broker\"} ([0-9.]+)").matcher(metrics);
      assertTrue(topics.find(), metrics);
      assertTrue(Double.parseDouble(topics.group(1)) >= Topics.withPrefix("").all().size(), topics.group());
      broker.close();
      stopped = true;
      HttpResponse<String> down = get(http, "/health");
      assertEquals(503, down.statusCode(), "a broker that does not answer: " + down.body());
    } finally {
      if (!stopped) {
        broker.close();
      }
    }
  }
}
