package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.goimage.e2e.Cluster.Result;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pods die mid-build: the operator's (the build still completes, once) and the build's own. */
class ResilienceE2E {
  private static final String NS = "e2e-resilience";
  private static final String OPERATOR_SELECTOR = "app.kubernetes.io/name=goimage-operator";
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

  private static List<Pod> buildPods(String build) {
    return cluster.pods(NS, build, null);
  }

  private static List<Pod> operatorPods() {
    return cluster
        .client
        .pods()
        .inNamespace(Cluster.OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/name", "goimage-operator")
        .list()
        .getItems();
  }

  /** Waits until the build is Building and its runner container is running. */
  private static void awaitRunnerRunning(String build) {
    Builds.awaitPhase(cluster, NS, build, Duration.ofMinutes(3), "Building");
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                buildPods(build).stream()
                    .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                    .anyMatch(
                        c -> "runner".equals(c.getName()) && c.getState().getRunning() != null));
  }

  private static Result kill(String namespace, String... selector) {
    var args =
        new java.util.ArrayList<>(
            List.of(
                "delete", "pod", "-n", namespace, "--grace-period=0", "--force", "--wait=false"));
    args.addAll(Arrays.asList(selector));
    return cluster.kubectl(null, args.toArray(String[]::new));
  }

  @Test
  void operatorKilledMidBuildTheBuildCompletesOnceWithOneJob() throws Exception {
    cluster.apply(NS, Builds.hello(cluster, "survivor", "e2e/resilience", null));
    awaitRunnerRunning("survivor");
    var before = operatorPods();
    assertThat(before).isNotEmpty();

    var killed = kill(Cluster.OPERATOR_NAMESPACE, "-l", OPERATOR_SELECTOR);
    assertThat(killed.exitCode()).as(killed.err()).isZero();

    var build =
        Builds.awaitPhase(cluster, NS, "survivor", Builds.BUILD_TIMEOUT, "Succeeded", "Failed");
    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Succeeded");
    assertThat(Builds.section(build, "output").get("digest"))
        .isEqualTo(Builds.registryDigest(cluster, "e2e/resilience", "survivor"));
    // A replacement operator took over (a new pod), and no second Job was made for the build.
    var after = operatorPods();
    assertThat(after)
        .extracting(p -> p.getMetadata().getUid())
        .doesNotContainAnyElementsOf(before.stream().map(p -> p.getMetadata().getUid()).toList());
    assertThat(
            cluster
                .client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withLabel("goimage.dev/build", "survivor")
                .list()
                .getItems())
        .hasSize(1);
    assertThat(buildPods("survivor")).hasSize(1);
  }

  @Test
  void operatorKilledMidVerificationTheVerdictIsStillOneItObserved() throws Exception {
    var verify =
        "  verify:\n"
            + "    health: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: 60}\n"
            + "    chaos: {kills: 2, recoverWithinSeconds: 30}\n";
    cluster.apply(NS, Builds.hello(cluster, "steady", "e2e/resilience", verify));
    // Between the first kill and the end of chaos (the second restart waits out a 10 s back-off).
    Builds.awaitBuild(
        cluster,
        NS,
        "steady",
        Builds.BUILD_TIMEOUT,
        b -> {
          var chaos = Builds.section(b, "verification").get("chaos");
          return chaos instanceof java.util.Map<?, ?> c
              && c.get("kills") instanceof Number n
              && n.intValue() >= 1
              && "Chaos".equals(Builds.section(b, "verification").get("stage"));
        });
    var killed = kill(Cluster.OPERATOR_NAMESPACE, "-l", OPERATOR_SELECTOR);
    assertThat(killed.exitCode()).as(killed.err()).isZero();

    var build =
        Builds.awaitPhase(cluster, NS, "steady", Duration.ofMinutes(5), "Succeeded", "Failed");
    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Succeeded");
    assertThat(Builds.condition(build, "Verified")).containsEntry("status", "True");
    // The replacement operator went on from the status: two kills in all, both recoveries seen.
    @SuppressWarnings("unchecked")
    var chaos = (java.util.Map<String, Object>) Builds.section(build, "verification").get("chaos");
    assertThat(chaos).containsEntry("kills", 2).containsEntry("recovered", 2);
    assertThat((List<?>) chaos.get("roundSeconds")).hasSize(2);
  }

  @Test
  void buildPodKilledMidBuildTheBuildFailsWithAClearReason() throws Exception {
    cluster.apply(NS, Builds.hello(cluster, "victim", "e2e/resilience", null));
    awaitRunnerRunning("victim");

    var killed = kill(NS, "-l", "goimage.dev/build=victim");
    assertThat(killed.exitCode()).as(killed.err()).isZero();

    var build =
        Builds.awaitPhase(cluster, NS, "victim", Duration.ofMinutes(5), "Succeeded", "Failed");
    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Failed");
    var succeeded = Builds.condition(build, "Succeeded");
    assertThat(succeeded.get("status")).isEqualTo("False");
    assertThat(succeeded.get("reason")).as(Builds.describe(build)).isNotNull().isNotEqualTo("");
    assertThat(succeeded.get("message")).as(Builds.describe(build)).asString().isNotBlank();
    // Terminal: it stays Failed, nothing restarts the build behind the user's back.
    await()
        .during(Duration.ofSeconds(20))
        .atMost(Duration.ofSeconds(30))
        .until(() -> Cluster.phase(cluster.build(NS, "victim")), "Failed"::equals);
  }
}
