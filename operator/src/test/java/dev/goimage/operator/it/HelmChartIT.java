package dev.goimage.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Helm chart: lint, render, and every manifest accepted by a real API server (dry run). */
class HelmChartIT {
  private static final Path CHART =
      KubeApiServerFixture.repoRoot().resolve("charts/goimage-operator");
  private static KubeApiServerFixture cluster;

  @BeforeAll
  static void start() {
    cluster = KubeApiServerFixture.start();
    cluster.createNamespace("goimage-system");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void lintPassesStrict() {
    var lint = helm("lint", "--strict", CHART.toString());
    assertThat(lint.exit).as(lint.out).isZero();
  }

  @Test
  void renderedManifestsAreAcceptedByTheApiServer() throws IOException {
    var rendered =
        render(
            "--set",
            "config.registryMirror=10.0.0.1:5000",
            "--set",
            "config.insecureRegistries={10.0.0.1:5000}");
    var resources =
        cluster
            .client()
            .load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8)))
            .items();
    assertThat(resources)
        .extracting(HasMetadata::getKind)
        .contains(
            "ServiceAccount",
            "ConfigMap",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Deployment");
    var file = Files.createTempFile("chart", ".yaml");
    Files.writeString(file, rendered);
    var apply =
        new Kubectl(cluster)
            .run("apply", "--dry-run=server", "-n", "goimage-system", "-f", file.toString());
    Files.delete(file);
    assertThat(apply.exitCode()).as(apply.err()).isZero();
  }

  @Test
  void operatorRunsLockedDownAndRbacNeverListsSecrets() {
    var resources =
        cluster
            .client()
            .load(new ByteArrayInputStream(render().getBytes(StandardCharsets.UTF_8)))
            .items();
    var deployment =
        (Deployment)
            resources.stream().filter(r -> r instanceof Deployment).findFirst().orElseThrow();
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getEnv())
        .extracting(e -> e.getName())
        .contains("POD_NAME", "POD_NAMESPACE");
    var role =
        (ClusterRole)
            resources.stream().filter(r -> r instanceof ClusterRole).findFirst().orElseThrow();
    role.getRules().stream()
        .filter(r -> r.getResources().contains("secrets"))
        .forEach(r -> assertThat(r.getVerbs()).containsExactly("get"));
  }

  private String render(String... extra) {
    var args =
        new ArrayList<>(List.of("template", "goimage", CHART.toString(), "-n", "goimage-system"));
    args.addAll(List.of(extra));
    var result = helm(args.toArray(String[]::new));
    assertThat(result.exit).as(result.out).isZero();
    return result.out;
  }

  private record Result(int exit, String out) {}

  private static Result helm(String... args) {
    var helm =
        KubeApiServerFixture.cacheDir()
            .resolve("helm-" + KubeApiServerFixture.pin("HELM_VERSION"))
            .resolve("helm");
    var command = new ArrayList<>(List.of(helm.toString()));
    command.addAll(List.of(args));
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      return new Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException(
          "helm is not installed: run hack/install-helm.sh (make test does)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
