package dev.goimage.buildkit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where buildkitd listens: a unix socket ({@code unix:///run/buildkit/buildkitd.sock}) or TCP with
 * mutual TLS ({@code tcp://host:1234} plus {@link Tls}).
 */
public final class BuildKitAddress {
  /**
   * Client side of mutual TLS: the CA that signed the daemon's certificate and our certificate and
   * PKCS#8 key (PEM). {@code serverName} overrides the name checked in the daemon's certificate
   * (null: the host).
   */
  public record Tls(Path caCert, Path clientCert, Path clientKey, String serverName) {
    public Tls {
      Objects.requireNonNull(caCert, "caCert");
      Objects.requireNonNull(clientCert, "clientCert");
      Objects.requireNonNull(clientKey, "clientKey");
    }
  }

  private final Path socket;
  private final String host;
  private final int port;
  private final Tls tls;

  private BuildKitAddress(Path socket, String host, int port, Tls tls) {
    this.socket = socket;
    this.host = host;
    this.port = port;
    this.tls = tls;
  }

  public static BuildKitAddress unix(Path socket) {
    return new BuildKitAddress(socket, null, 0, null);
  }

  /** TCP with mutual TLS. */
  public static BuildKitAddress tcp(String host, int port, Tls tls) {
    return new BuildKitAddress(null, host, port, Objects.requireNonNull(tls, "tls"));
  }

  /**
   * Plain TCP. BuildKit's docs warn that RUN steps can reach an unauthenticated TCP API; use only
   * on a trusted loopback.
   */
  public static BuildKitAddress insecureTcp(String host, int port) {
    return new BuildKitAddress(null, host, port, null);
  }

  /** Parses {@code unix:///path} or {@code tcp://host:port}; tls is used (and required) for tcp. */
  public static BuildKitAddress parse(String address, Tls tls) {
    if (address.startsWith("unix://")) {
      return unix(Path.of(address.substring("unix://".length())));
    }
    if (address.startsWith("tcp://")) {
      String hostPort = address.substring("tcp://".length());
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("tcp address needs a port: " + address);
      }
      String h = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      int p = Integer.parseInt(hostPort.substring(colon + 1));
      return tls == null ? insecureTcp(h, p) : tcp(h, p, tls);
    }
    throw new IllegalArgumentException("unsupported buildkit address: " + address);
  }

  public boolean isUnix() {
    return socket != null;
  }

  public Path socket() {
    return socket;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Tls tls() {
    return tls;
  }

  @Override
  public String toString() {
    return isUnix() ? "unix://" + socket : "tcp://" + host + ":" + port;
  }
}
