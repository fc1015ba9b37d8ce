package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * spec.verify on the real kubelet: the operator runs the pushed image by digest, the kubelet probes
 * it, the chaos agent kills its process through pods/exec and the kubelet restarts it. Four builds,
 * applied together so their builds and verifications overlap.
 */
class VerificationE2E {
  private static final String NS = "e2e-verify";
  private static final Duration TIMEOUT = Builds.BUILD_TIMEOUT.plusMinutes(5);
  private static final String HEALTH = "    health: {httpGet: {path: /healthz, port: 8080}";
  private static Cluster cluster;

  @BeforeAll
  static void applyAll() throws Exception {
    cluster = Cluster.get();
    cluster.createNamespace(NS);
    // examples/full.yaml's chaos: repeated kills meet the kubelet's restart back-off (10 s,
    // then 20 s); it is recorded, not counted against the bound.
    cluster.apply(
        NS,
        Builds.hello(
            cluster,
            "hello-verified",
            "e2e/verify",
            verify(HEALTH + ", timeoutSeconds: 60}", "kills: 3, recoverWithinSeconds: 30")));
    cluster.apply(
        NS,
        Builds.fromHelloExample(
            cluster,
            "goimage/verify-unhealthy",
            "unhealthy",
            "e2e/verify",
            verify(HEALTH + ", timeoutSeconds: 20}", null)));
    cluster.apply(
        NS,
        Builds.fromHelloExample(
            cluster,
            "goimage/verify-crasher",
            "crasher",
            "e2e/verify",
            verify(HEALTH + ", timeoutSeconds: 120}", null)));
    cluster.apply(
        NS,
        Builds.fromHelloExample(
            cluster,
            "goimage/verify-slowstart",
            "slowstart",
            "e2e/verify",
            verify(HEALTH + ", timeoutSeconds: 60}", "kills: 2, recoverWithinSeconds: 2")));
  }

  @AfterAll
  static void cleanup() {
    cluster.deleteNamespace(NS);
  }

  private static String verify(String health, String chaos) {
    return "  verify:\n"
        + health
        + "\n"
        + (chaos == null ? "" : "    chaos: {" + chaos + "}\n")
        + "    keepFailedPodSeconds: 600\n";
  }

  private static GenericKubernetesResource finished(String name) {
    return Builds.awaitPhase(cluster, NS, name, TIMEOUT, "Succeeded", "Failed");
  }

  @Test
  void helloPassesHealthAndThreeKillsAndIsShownVerified() {
    var build = finished("hello-verified");

    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Succeeded");
    assertThat(Builds.condition(build, "Verified"))
        .as(Builds.describe(build))
        .containsEntry("status", "True")
        .containsEntry("reason", "Verified");
    var verification = Builds.section(build, "verification");
    assertThat(verification).containsEntry("stage", "Passed").containsEntry("health", "Passed");
    @SuppressWarnings("unchecked")
    var chaos = (Map<String, Object>) verification.get("chaos");
    assertThat(chaos).containsEntry("kills", 3).containsEntry("recovered", 3);
    @SuppressWarnings("unchecked")
    var rounds = (List<Number>) chaos.get("roundSeconds");
    assertThat(rounds).hasSize(3).allSatisfy(s -> assertThat(s.doubleValue()).isBetween(0.0, 30.0));
    @SuppressWarnings("unchecked")
    var delays = (List<Number>) chaos.get("restartDelaySeconds");
    // The kubelet restarted the killed container: at once the first time, then backing off.
    assertThat(delays).hasSize(3);
    assertThat(delays.get(2).doubleValue()).isGreaterThan(delays.get(0).doubleValue());
    var slowest = ((Number) chaos.get("slowestRecoverySeconds")).doubleValue();
    assertThat(rounds.stream().mapToDouble(Number::doubleValue).max().orElseThrow())
        .isEqualTo(slowest);
    assertThat(Builds.section(build, "timings")).containsKey("verify");
    System.out.println(
        "[e2e] hello-verified: "
            + Builds.condition(build, "Verified").get("message")
            + " rounds (s): "
            + rounds
            + ", restart delays (s): "
            + delays);

    // Passed: the verification pod is gone.
    assertThat(verificationPods("hello-verified")).isEmpty();
    var table = cluster.kubectl(null, "get", "gib", "hello-verified", "-n", NS);
    assertThat(table.out().lines().findFirst().orElse("")).contains("VERIFIED");
    assertThat(table.out().lines().skip(1).findFirst().orElse(""))
        .containsSubsequence("hello-verified", "Succeeded", "Succeeded", "True");
  }

  @Test
  void anImageWhoseHealthEndpointNeverComesUpFailsHealthCheckFailed() {
    var build = finished("unhealthy");

    var d = lastDiagnostic(build);
    assertThat(d).containsEntry("code", "HealthCheckFailed").containsEntry("step", "verify");
    assertThat((String) d.get("message"))
        .contains("did not become healthy within 20 seconds")
        .contains("HTTP GET /healthz on port 8080");
    assertThat(d.get("hint")).asString().contains("spec.verify.health");
    // The container's log and the kubelet's probe result.
    assertThat(String.join("\n", Builds.evidence(d)))
        .contains("never healthy")
        .contains("statuscode: 503");
    assertThat(Builds.condition(build, "Verified"))
        .containsEntry("status", "False")
        .containsEntry("reason", "HealthCheckFailed");
    // Failed: the pod stays for the user to look at (keepFailedPodSeconds).
    assertThat(verificationPods("unhealthy")).hasSize(1);
    var table = cluster.kubectl(null, "get", "gib", "unhealthy", "-n", NS);
    assertThat(table.out().lines().skip(1).findFirst().orElse(""))
        .containsSubsequence("unhealthy", "Failed", "HealthCheckFailed", "False");
  }

  @Test
  void anImageThatCrashesAtStartIsReportedAsCrashingWithItsExitCode() {
    var build = finished("crasher");

    var d = lastDiagnostic(build);
    assertThat(d).containsEntry("code", "HealthCheckFailed");
    assertThat((String) d.get("message")).contains("crashes at start").contains("code 3");
    assertThat(String.join("\n", Builds.evidence(d))).contains("configuration file");
    // Reported as a crash well before the 120 s health timeout.
    var verify = ((Number) Builds.section(build, "timings").get("verify")).doubleValue();
    assertThat(verify).isLessThan(100.0);
  }

  @Test
  void anImageSlowerToRecoverThanTheBoundFailsChaosRecoveryFailedWithTheMeasuredTime() {
    var build = finished("slowstart");

    var d = lastDiagnostic(build);
    assertThat(d).containsEntry("code", "ChaosRecoveryFailed");
    assertThat((String) d.get("message"))
        .startsWith("Round 1 of 2: healthy again only ")
        .contains("s after its restart")
        .contains("bound of 2 s");
    @SuppressWarnings("unchecked")
    var chaos = (Map<String, Object>) Builds.section(build, "verification").get("chaos");
    @SuppressWarnings("unchecked")
    var rounds = (List<Number>) chaos.get("roundSeconds");
    // slowstart warms up for 4 s after every start (Kubernetes' times are whole seconds).
    assertThat(rounds).hasSize(1);
    assertThat(rounds.get(0).doubleValue()).isGreaterThanOrEqualTo(3.0);
    // The API server keeps 5.0 as 5.
    assertThat((String) d.get("message")).contains(rounds.get(0).doubleValue() + " s");
    assertThat(Builds.condition(build, "Verified")).containsEntry("reason", "ChaosRecoveryFailed");
    System.out.println("[e2e] slowstart: " + d.get("message"));
  }

  private static Map<String, Object> lastDiagnostic(GenericKubernetesResource build) {
    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Failed");
    var diagnostics = Builds.diagnostics(build);
    assertThat(diagnostics).as(Builds.describe(build)).isNotEmpty();
    return diagnostics.get(diagnostics.size() - 1);
  }

  private static List<String> verificationPods(String build) {
    return cluster.pods(NS, build, "verify").stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getName())
        .toList();
  }
}
