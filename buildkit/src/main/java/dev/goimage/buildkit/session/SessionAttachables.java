package dev.goimage.buildkit.session;

import dev.goimage.buildkit.session.ssh.OpenSshKeys;
import dev.goimage.buildkit.session.ssh.SshKey;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What our side of a build session offers the daemon: secrets by id, SSH agents by id and registry
 * credentials. Health is always served.
 *
 * <pre>{@code
 * SessionAttachables.builder()
 *     .secretFile("netrc", Path.of("/run/secrets/netrc"))
 *     .sshAgent("default", Path.of("/run/ssh/id_ed25519"))
 *     .dockerConfig(Path.of("/run/docker/config.json"))
 *     .build();
 * }</pre>
 */
public final class SessionAttachables {
  private final Map<String, Supplier<byte[]>> secrets;
  private final Map<String, List<SshKey>> sshAgents;
  private final DockerConfig dockerConfig;

  private SessionAttachables(Builder b) {
    this.secrets = Map.copyOf(b.secrets);
    this.sshAgents = Map.copyOf(b.sshAgents);
    this.dockerConfig = b.dockerConfig;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Health only. */
  public static SessionAttachables none() {
    return builder().build();
  }

  /** The gRPC services to register on the session server (health is added by the session). */
  List<ServerServiceDefinition> services() {
    List<ServerServiceDefinition> out = new ArrayList<>();
    out.add(bind(new SecretsService(secrets)));
    out.add(bind(new AuthService(dockerConfig)));
    out.add(new SshForwardService(sshAgents).definition());
    return out;
  }

  private static ServerServiceDefinition bind(BindableService s) {
    return s.bindService();
  }

  /** Builds the attachables; files are read when added, so errors show up early. */
  public static final class Builder {
    private final Map<String, Supplier<byte[]>> secrets = new LinkedHashMap<>();
    private final Map<String, List<SshKey>> sshAgents = new LinkedHashMap<>();
    private DockerConfig dockerConfig = DockerConfig.empty();

    private Builder() {}

    public Builder secret(String id, byte[] value) {
      byte[] copy = value.clone();
      secrets.put(id, copy::clone);
      return this;
    }

    /** A secret read from a file each time the daemon asks (not kept in memory). */
    public Builder secretFile(String id, Path file) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("secret " + id + ": file not readable: " + file);
      }
      secrets.put(
          id,
          () -> {
            try {
              return Files.readAllBytes(file);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      return this;
    }

    /** An SSH agent under {@code id} holding the keys of unencrypted OpenSSH private key files. */
    public Builder sshAgent(String id, Path... privateKeyFiles) {
      List<SshKey> keys = new ArrayList<>();
      for (Path p : privateKeyFiles) {
        try {
          keys.add(OpenSshKeys.read(p));
        } catch (IOException e) {
          throw new UncheckedIOException("ssh key for agent " + id + " unreadable: " + p, e);
        }
      }
      sshAgents.put(id, List.copyOf(keys));
      return this;
    }

    public Builder sshAgent(String id, List<SshKey> keys) {
      sshAgents.put(id, List.copyOf(keys));
      return this;
    }

    public Builder dockerConfig(Path configJson) {
      try {
        this.dockerConfig = DockerConfig.read(configJson);
      } catch (IOException e) {
        throw new UncheckedIOException("docker config unreadable: " + configJson, e);
      }
      return this;
    }

    public Builder registryAuth(DockerConfig config) {
      this.dockerConfig = config;
      return this;
    }

    public SessionAttachables build() {
      return new SessionAttachables(this);
    }
  }
}
