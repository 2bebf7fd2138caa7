package io.seqmia.cli;

import io.seqmia.kernel.ServiceEndpoints;
import picocli.CommandLine.Option;

/** {@code --http-port N}: a long-running service's GET /health and GET /metrics. */
final class HttpOptions {

  @Option(names = "--http-port", paramLabel = "N", defaultValue = "${env:SEQMIA_HTTP_PORT:-0}",
      description = "Serve GET /health (JSON; 503 when the service cannot do its job) and GET /metrics (Prometheus"
          + " text) on port N (env SEQMIA_HTTP_PORT; default 0: off).")
  int port;

  /** The endpoints, or null when --http-port is 0. */
  ServiceEndpoints start(String service, ServiceEndpoints.Observable observed) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--http-port " + port + ": give a TCP port (1-65535), or 0 for none");
    }
    if (port == 0) {
      return null;
    }
    ServiceEndpoints endpoints = ServiceEndpoints.start(port, service, observed);
    System.err.println(service + ": /health and /metrics on port " + endpoints.port());
    return endpoints;
  }
}
