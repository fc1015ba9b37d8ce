package dev.goimage.buildkit.session;

import dev.goimage.buildkit.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from a docker {@code config.json} ({@code auths} entries with a base64
 * {@code auth}, or {@code username}/{@code password}, or an {@code identitytoken}). Credential
 * helpers are not supported.
 */
public final class DockerConfig {
  /** The config key Docker uses for Docker Hub. */
  public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  /** A user name and secret (password or token); an empty user name means an identity token. */
  public record Credentials(String username, String secret) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", secret=***]";
    }
  }

  private final Map<String, Credentials> auths;

  private DockerConfig(Map<String, Credentials> auths) {
    this.auths = auths;
  }

  public static DockerConfig empty() {
    return new DockerConfig(Map.of());
  }

  public static DockerConfig read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  public static DockerConfig parse(String json) {
    Map<String, Object> root = Json.parseObject(json);
    Map<String, Credentials> auths = new LinkedHashMap<>();
    Object section = root.get("auths");
    if (section instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() instanceof Map<?, ?> entry) {
          Credentials c = credentials((Map<String, Object>) entry);
          if (c != null) {
            auths.put((String) e.getKey(), c);
          }
        }
      }
    }
    return new DockerConfig(auths);
  }

  private static Credentials credentials(Map<String, Object> entry) {
    String token = string(entry.get("identitytoken"));
    String user = string(entry.get("username"));
    String password = string(entry.get("password"));
    String auth = string(entry.get("auth"));
    if (!auth.isEmpty()) {
      String decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("invalid auth entry in docker config");
      }
      user = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    if (!token.isEmpty()) {
      return new Credentials("", token);
    }
    if (user.isEmpty() && password.isEmpty()) {
      return null;
    }
    return new Credentials(user, password);
  }

  private static String string(Object o) {
    return o instanceof String s ? s : "";
  }

  /**
   * Credentials for a registry host as BuildKit asks for it ({@code host[:port]}); Docker Hub
   * ({@code registry-1.docker.io}, {@code docker.io}) uses the key {@value #DOCKER_HUB_KEY}.
   */
  public Optional<Credentials> lookup(String host) {
    String key = isDockerHub(host) ? DOCKER_HUB_KEY : host;
    Credentials exact = auths.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    // Keys may carry a scheme or path ("https://host:5000/v2/"): compare host parts.
    String wanted = hostname(key);
    return auths.entrySet().stream()
        .filter(e -> hostname(e.getKey()).equals(wanted))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static boolean isDockerHub(String host) {
    return host.equals("registry-1.docker.io")
        || host.equals("docker.io")
        || host.equals("index.docker.io");
  }

  private static String hostname(String key) {
    String h = key.replaceFirst("^[a-zA-Z]+://", "");
    int slash = h.indexOf('/');
    return slash < 0 ? h : h.substring(0, slash);
  }
}
