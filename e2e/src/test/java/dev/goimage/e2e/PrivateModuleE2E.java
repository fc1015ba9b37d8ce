package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A private Go module over SSH from our git server: with the key and known hosts in a Secret the
 * build succeeds; without the Secret (no known hosts, no key) the status names the refused host
 * key; with known hosts but a key the server does not accept it names the authentication failure.
 */
class PrivateModuleE2E {
  private static final String NS = "e2e-private";
  private static Cluster cluster;
  private static GitFixture git;

  @BeforeAll
  static void setUp() throws Exception {
    cluster = Cluster.get();
    git = GitFixture.get();
    cluster.createNamespace(NS);
    sshSecret("git-ssh", git.privateKey());
    sshSecret("git-ssh-unknown-key", unauthorizedKey());
  }

  /** Created through the API, never through a command line or a log. */
  private static void sshSecret(String name, String privateKey) {
    cluster
        .client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withType("kubernetes.io/ssh-auth")
                .withStringData(
                    Map.of("ssh-privatekey", privateKey, "known_hosts", git.knownHostsForPods))
                .build())
        .serverSideApply();
  }

  /** A valid key that is not in the git server's authorized_keys. */
  private static String unauthorizedKey() throws Exception {
    var dir = Files.createTempDirectory(cluster.repo.resolve("e2e/target"), "unknown-key");
    var key = dir.resolve("id_ed25519");
    var made =
        Cluster.run(
            List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()),
            null,
            Duration.ofMinutes(1));
    assertThat(made.exitCode()).as(made.err()).isZero();
    var text = Files.readString(key);
    Files.delete(key);
    Files.delete(dir.resolve("id_ed25519.pub"));
    Files.delete(dir);
    return text;
  }

  @AfterAll
  static void cleanup() {
    cluster.deleteNamespace(NS);
  }

  private static String spec(String name, String secret) {
    var yaml =
        """
        apiVersion: goimage.dev/v1alpha1
        kind: GoImageBuild
        metadata:
          name: %s
        spec:
          source:
            git:
              url: %s
              revision: main
          go:
            private: ["git.goimage.test"]
            env:
              # Our git server listens on a port: point the private host at it.
              - {name: GIT_CONFIG_COUNT, value: "1"}
              - {name: GIT_CONFIG_KEY_0, value: "url.ssh://git@%s/.insteadOf"}
              - {name: GIT_CONFIG_VALUE_0, value: "https://git.goimage.test/"}
          output:
            image: %s/e2e/privateapp:%s
            insecure: true
        """
            .formatted(
                name,
                git.httpUrl("goimage/privateapp"),
                git.sshHostPort,
                cluster.podRegistry,
                name);
    if (secret != null) {
      yaml +=
          "  secrets:\n    ssh:\n      secretName: "
              + secret
              + "\n      knownHostsKey: known_hosts\n";
    }
    return yaml;
  }

  @Test
  void privateModuleOverSshWithTheSecret() throws Exception {
    cluster.apply(NS, spec("with-key", "git-ssh"));

    var build =
        Builds.awaitPhase(cluster, NS, "with-key", Builds.BUILD_TIMEOUT, "Succeeded", "Failed");

    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Succeeded");
    assertThat(Builds.section(build, "output").get("digest"))
        .isEqualTo(Builds.registryDigest(cluster, "e2e/privateapp", "with-key"));
  }

  @Test
  void withoutTheSecretTheBuildFailsNamingTheRefusedHostKey() {
    cluster.apply(NS, spec("without-secret", null));

    var build = awaitFailed("without-secret", "GitHostKeyUnknown");

    assertThat(evidence(build, "GitHostKeyUnknown")).contains("Host key verification failed.");
  }

  @Test
  void aKeyTheServerRejectsFailsWithTheAuthCause() {
    cluster.apply(NS, spec("unknown-key", "git-ssh-unknown-key"));

    var build = awaitFailed("unknown-key", "PrivateModuleAuthFailed");

    assertThat(evidence(build, "PrivateModuleAuthFailed"))
        .anyMatch(line -> line.contains("Permission denied (publickey)"));
  }

  private static GenericKubernetesResource awaitFailed(String name, String reason) {
    var build = Builds.awaitPhase(cluster, NS, name, Builds.BUILD_TIMEOUT, "Succeeded", "Failed");
    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Failed");
    assertThat(Builds.condition(build, "Succeeded").get("reason"))
        .as(Builds.describe(build))
        .isEqualTo(reason);
    // The key never shows up in what users read.
    assertThat(Builds.describe(build)).doesNotContain("PRIVATE KEY");
    return build;
  }

  @SuppressWarnings("unchecked")
  private static List<String> evidence(GenericKubernetesResource build, String code) {
    return Builds.diagnostics(build).stream()
        .filter(d -> code.equals(d.get("code")))
        .findFirst()
        .map(d -> (List<String>) d.get("evidence"))
        .orElseThrow(() -> new AssertionError("no " + code + " in " + Builds.describe(build)));
  }
}
