package dev.goimage.runner.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Public git repositories over plain HTTP (git's "dumb" protocol: static files of a bare repository
 * after {@code git update-server-info}), served from the SSH git server's repos on loopback. Git
 * and BuildKit fetch from it as from any public http(s) repository.
 */
final class DumbHttpGitServer implements AutoCloseable {
  private final HttpServer server;
  private final Path repos;

  DumbHttpGitServer(Path repos) throws IOException {
    this.repos = repos.toAbsolutePath().normalize();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file =
              this.repos.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          boolean ok = file.startsWith(this.repos) && Files.isRegularFile(file);
          byte[] body = ok ? Files.readAllBytes(file) : new byte[0];
          exchange.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
          if (ok) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
  }

  /** The http URL of bare repository NAME.git, made servable. */
  String url(String name) {
    Cmd.run(
        Map.of(),
        true,
        List.of("git", "--git-dir", repos.resolve(name + ".git").toString(), "update-server-info"));
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".git";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
