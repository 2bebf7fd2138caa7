package io.seqmia.kernel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /health} (JSON; 200 while the service can do its job, else 503) and {@code GET /metrics} (Prometheus
 * text format, from Micrometer) of one long-running service, on the JDK's own HTTP server: no framework.
 */
public final class ServiceEndpoints implements AutoCloseable {

  /**
   * What /health says.
   *
   * @param up whether the service can do its job (503 when not)
   * @param state the service's own word for where it is (Kafka Streams' state, the trainer's phase, ...)
   * @param error the latest error, or null
   */
  public record Health(boolean up, String state, String error) {}

  /** What a service gives the endpoints: its health, and meters bound to the registry. */
  public interface Observable {
    Health health();

    void bindMetrics(MeterRegistry registry);
  }

  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  private ServiceEndpoints(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /**
   * Serves the service's health and metrics on {@code port} (0: any free port, for tests; the commands treat 0 as
   * "off" and do not call this).
   */
  public static ServiceEndpoints start(int port, String service, Observable observed) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    observed.bindMetrics(registry);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new IllegalArgumentException("--http-port " + port + ": cannot listen there (" + e.getMessage()
          + "); choose a free port, or 0 for no endpoints");
    }
    server.createContext("/health", exchange -> health(exchange, service, observed::health));
    server.createContext("/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
        registry.scrape()));
    server.start();
    return new ServiceEndpoints(server, registry);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public MeterRegistry registry() {
    return registry;
  }

  private static void health(HttpExchange exchange, String service, Supplier<Health> health) throws IOException {
    Health h;
    try {
      h = health.get();
    } catch (RuntimeException e) {
      h = new Health(false, "unknown", "health check failed: " + e);
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("service", service);
    body.put("status", h.up() ? "UP" : "DOWN");
    body.put("state", h.state());
    body.put("error", h.error());
    send(exchange, h.up() ? 200 : 503, "application/json", json(body));
  }

  /** A flat JSON object of strings (null stays null). */
  static String json(Map<String, String> fields) {
    StringBuilder out = new StringBuilder("{");
    fields.forEach((k, v) -> {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(k).append("\":");
      if (v == null) {
        out.append("null");
      } else {
        out.append('"');
        for (char c : v.toCharArray()) {
          switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
          }
        }
        out.append('"');
      }
    });
    return out.append('}').toString();
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    registry.close();
  }
}
