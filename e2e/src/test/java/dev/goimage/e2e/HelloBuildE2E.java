package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow: kubectl apply → build pod (real buildkitd + runner) → push → digest in status.
 */
class HelloBuildE2E {
  private static final String NS = "e2e-hello";
  private static Cluster cluster;

  @BeforeAll
  static void namespace() {
    cluster = Cluster.get();
    cluster.createNamespace(NS);
  }

  @AfterAll
  static void cleanup() {
    cluster.deleteNamespace(NS);
  }

  @Test
  void helloIsBuiltPushedAndReportsTheRegistrysDigest() throws Exception {
    cluster.apply(NS, Builds.hello(cluster, "hello", "e2e/hello", null));

    var build =
        Builds.awaitPhase(cluster, NS, "hello", Builds.BUILD_TIMEOUT, "Succeeded", "Failed");

    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Succeeded");
    var output = Builds.section(build, "output");
    var digest = Builds.registryDigest(cluster, "e2e/hello", "hello");
    assertThat(output.get("digest")).as("status.output.digest").isEqualTo(digest);
    assertThat(output.get("imageRef"))
        .isEqualTo(cluster.podRegistry + "/e2e/hello:hello@" + digest);
    for (var type : new String[] {"Succeeded", "Built", "Pushed"}) {
      assertThat(Builds.condition(build, type).get("status"))
          .as("condition " + type + " in " + Builds.describe(build))
          .isEqualTo("True");
    }
    assertThat(Builds.section(build, "source").get("commit")).asString().hasSize(40);

    // Printer columns, as `kubectl get` shows them.
    var table = cluster.kubectl(null, "get", "goimagebuilds", "hello", "-n", NS);
    assertThat(table.out().lines().findFirst().orElse(""))
        .containsSubsequence("NAME", "PHASE", "DIGEST", "REASON", "VERIFIED", "AGE");
    assertThat(table.out()).contains("Succeeded").contains((String) output.get("shortDigest"));
    var wide = cluster.kubectl(null, "get", "gib", "hello", "-n", NS, "-o", "wide");
    assertThat(wide.out()).contains("IMAGE").contains((String) output.get("imageRef"));
  }
}
