package dev.goimage.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * /healthz (the operator runs) and /readyz (its informers are healthy) for the kubelet's probes.
 */
public final class HealthServer {
  private final HttpServer server;

  public HealthServer(int port, RuntimeInfo runtime) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", e -> answer(e, runtime::isStarted));
    server.createContext(
        "/readyz",
        e -> answer(e, () -> runtime.isStarted() && runtime.allEventSourcesAreHealthy()));
  }

  public void start() {
    server.start();
  }

  public void stop() {
    server.stop(0);
  }

  private static void answer(HttpExchange exchange, BooleanSupplier check) throws IOException {
    var ok = check.getAsBoolean();
    var body = (ok ? "ok" : "not ready").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
