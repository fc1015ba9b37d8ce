package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the API server refuses, and what deleting a GoImageBuild takes with it. */
class ValidationAndCleanupE2E {
  private static final String NS = "e2e-lifecycle";
  private static Cluster cluster;

  @BeforeAll
  static void setUp() {
    cluster = Cluster.get();
    cluster.createNamespace(NS);
  }

  @AfterAll
  static void cleanup() {
    cluster.deleteNamespace(NS);
  }

  @Test
  void invalidResourceIsRejectedByKubectlApplyWithTheFieldNamed() {
    var result =
        cluster.kubectl(
            """
            apiVersion: goimage.dev/v1alpha1
            kind: GoImageBuild
            metadata:
              name: invalid
            spec:
              source:
                git:
                  url: https://git.example.com/goimage/hello.git
                  revision: main
              output:
                image: "Not An Image Reference"
            """,
            "apply",
            "-n",
            NS,
            "-f",
            "-");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("spec.output.image").contains("Invalid value");
    assertThat(cluster.build(NS, "invalid")).isNull();
  }

  @Test
  void deletingTheResourceRemovesItsJobPodsConfigMapAndOwnedClaim() throws Exception {
    // cache.size makes the operator create (and own) the claim. Nothing provisions it on this
    // node, so the build pod waits: all the owned objects exist at once.
    cluster.apply(NS, Builds.hello(cluster, "doomed", "e2e/doomed", "  cache:\n    size: 1Gi\n"));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                !jobs().isEmpty()
                    && !pods().isEmpty()
                    && !configMaps().isEmpty()
                    && !claims().isEmpty());

    var deleted =
        cluster.kubectl(null, "delete", "goimagebuild", "doomed", "-n", NS, "--wait=true");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(jobs()).isEmpty();
              assertThat(pods()).isEmpty();
              assertThat(configMaps()).isEmpty();
              assertThat(claims()).isEmpty();
            });
  }

  private static List<? extends HasMetadata> jobs() {
    return cluster.client.batch().v1().jobs().inNamespace(NS).list().getItems();
  }

  private static List<? extends HasMetadata> pods() {
    return cluster.client.pods().inNamespace(NS).list().getItems();
  }

  /** ConfigMaps of the build (the namespace's own kube-root-ca.crt is not one). */
  private static List<? extends HasMetadata> configMaps() {
    return cluster.client.configMaps().inNamespace(NS).list().getItems().stream()
        .filter(c -> !c.getMetadata().getName().equals("kube-root-ca.crt"))
        .toList();
  }

  private static List<? extends HasMetadata> claims() {
    return cluster.client.persistentVolumeClaims().inNamespace(NS).list().getItems();
  }
}
