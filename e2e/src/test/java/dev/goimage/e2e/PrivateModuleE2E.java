package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A private Go module over SSH from our git server: with the key and known hosts in a Secret the
 * build succeeds; without the Secret it fails and the status names the authentication cause.
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
    // Created through the API, never through a command line or a log.
    cluster
        .client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("git-ssh")
                .endMetadata()
                .withType("kubernetes.io/ssh-auth")
                .withStringData(
                    Map.of(
                        "ssh-privatekey", git.privateKey(), "known_hosts", git.knownHostsForPods))
                .build())
        .serverSideApply();
  }

  @AfterAll
  static void cleanup() {
    cluster.deleteNamespace(NS);
  }

  private static String spec(String name, boolean withSecret) {
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
    if (withSecret) {
      yaml += "  secrets:\n    ssh:\n      secretName: git-ssh\n      knownHostsKey: known_hosts\n";
    }
    return yaml;
  }

  @Test
  void privateModuleOverSshWithTheSecret() throws Exception {
    cluster.apply(NS, spec("with-key", true));

    var build =
        Builds.awaitPhase(cluster, NS, "with-key", Builds.BUILD_TIMEOUT, "Succeeded", "Failed");

    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Succeeded");
    assertThat(Builds.section(build, "output").get("digest"))
        .isEqualTo(Builds.registryDigest(cluster, "e2e/privateapp", "with-key"));
  }

  @Test
  void withoutTheSecretTheBuildFailsWithTheAuthCause() {
    cluster.apply(NS, spec("without-key", false));

    var build =
        Builds.awaitPhase(cluster, NS, "without-key", Builds.BUILD_TIMEOUT, "Succeeded", "Failed");

    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Failed");
    var reason = Builds.condition(build, "Succeeded").get("reason");
    assertThat(reason).as(Builds.describe(build)).isIn("PrivateModuleAuthFailed", "GitAuthFailed");
    assertThat(Builds.diagnostics(build))
        .as(Builds.describe(build))
        .anySatisfy(d -> assertThat(d.get("code")).isEqualTo(reason));
    // The key never shows up in what users read.
    assertThat(Builds.describe(build)).doesNotContain("PRIVATE KEY");
  }
}
