package dev.goimage.operator.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.operator.OperatorSettings;
import dev.goimage.operator.TestBuilds;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildJobRendererTest {
  private final OperatorSettings rootless =
      OperatorSettings.fromEnvironment(
          Map.of("GOIMAGE_BUILDKIT_IMAGE", "bk:1", "GOIMAGE_RUNNER_IMAGE", "runner:1"));

  @Test
  void jobIsNamedFromGenerationAndOwnedByTheBuild() {
    var build = TestBuilds.example("full.yaml");
    var id = BuildIdentity.of(build);
    var job = new BuildJobRenderer(rootless).render(build, id, "full-cache");

    assertThat(job.getMetadata().getName()).isEqualTo("full-g3-r" + BuildIdentity.hash("1", 6));
    assertThat(job.getMetadata().getNamespace()).isEqualTo("team");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("GoImageBuild");
              assertThat(o.getName()).isEqualTo("full");
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getMetadata().getLabels())
        .containsEntry("goimage.dev/build", "full")
        .containsEntry("goimage.dev/generation", "3")
        .containsEntry("goimage.dev/cache-claim", "full-cache");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    // spec.timeoutSeconds (default 1800) for the runner, 60 s more for the Job as a backstop.
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1860L);
  }

  @Test
  void podRunsBuildkitdAsNativeSidecarAndTheRunnerBesideIt() {
    var build = TestBuilds.example("full.yaml");
    var pod =
        new BuildJobRenderer(rootless)
            .render(build, BuildIdentity.of(build), "full-cache")
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    Container buildkitd = pod.getInitContainers().get(0);
    assertThat(buildkitd.getName()).isEqualTo("buildkitd");
    assertThat(buildkitd.getImage()).isEqualTo("bk:1");
    assertThat(buildkitd.getRestartPolicy()).isEqualTo("Always");
    assertThat(buildkitd.getCommand()).containsExactly("rootlesskit", "buildkitd");
    assertThat(buildkitd.getArgs())
        .contains(
            "--addr=unix:///run/buildkit/buildkitd.sock",
            "--root=/home/user/.local/share/buildkit",
            "--oci-worker-no-process-sandbox");
    // Rootless buildkitd cannot chown its socket to another group: the runner shares its user.
    assertThat(buildkitd.getArgs()).noneMatch(a -> a.startsWith("--group"));
    assertThat(buildkitd.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(buildkitd.getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("Unconfined");
    assertThat(buildkitd.getStartupProbe().getExec().getCommand()).contains("debug", "workers");
    assertThat(buildkitd.getResources().getLimits().get("memory").toString()).isEqualTo("4Gi");
    assertThat(mountPaths(buildkitd)).containsEntry("state", "/home/user/.local/share/buildkit");

    Container runner = pod.getContainers().get(0);
    assertThat(runner.getName()).isEqualTo("runner");
    assertThat(runner.getImage()).isEqualTo("runner:1");
    assertThat(runner.getCommand())
        .containsExactly(
            "goimage",
            "runner",
            "--plan=/etc/goimage/plan.json",
            "--buildkit=unix:///run/buildkit/buildkitd.sock");
    assertThat(runner.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(runner.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(runner.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(runner.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(runner.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(runner.getSecurityContext().getRunAsGroup()).isEqualTo(65532L);
    assertThat(runner.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(mountPaths(runner))
        .containsEntry("plan", "/etc/goimage")
        .containsEntry("socket", "/run/buildkit")
        .containsEntry("ssh", "/var/run/goimage/secrets/ssh")
        .containsEntry("netrc", "/var/run/goimage/secrets/netrc")
        .containsEntry("docker", "/var/run/goimage/secrets/docker")
        .containsEntry("build-npmrc", "/var/run/goimage/secrets/build/npmrc");
    assertThat(runner.getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith("/var/run/goimage/secrets"))
        .allMatch(VolumeMount::getReadOnly);

    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).extracting(t -> t.getKey()).containsExactly("builds");
    Volume state = volume(pod.getVolumes(), "state");
    assertThat(state.getPersistentVolumeClaim().getClaimName()).isEqualTo("full-cache");
    Volume ssh = volume(pod.getVolumes(), "ssh");
    assertThat(ssh.getSecret().getSecretName()).isEqualTo("git-ssh");
    assertThat(ssh.getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath())
        .containsExactly("ssh-privatekey->id", "known_hosts->known_hosts");
    assertThat(volume(pod.getVolumes(), "docker").getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath())
        .containsExactly(".dockerconfigjson->config.json");
  }

  @Test
  void withoutCacheTheStateIsAnEmptyDirAndPrivilegedModeIsRootful() {
    var privileged =
        OperatorSettings.fromEnvironment(Map.of("GOIMAGE_BUILDKIT_MODE", "privileged"));
    var build = TestBuilds.example("hello.yaml");
    var pod =
        new BuildJobRenderer(privileged)
            .render(build, BuildIdentity.of(build), null)
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(volume(pod.getVolumes(), "state").getEmptyDir()).isNotNull();
    var buildkitd = pod.getInitContainers().get(0);
    assertThat(buildkitd.getSecurityContext().getPrivileged()).isTrue();
    assertThat(buildkitd.getCommand()).containsExactly("buildkitd");
    assertThat(buildkitd.getArgs())
        .contains("--root=/var/lib/buildkit", "--group=65532")
        .doesNotContain("--oci-worker-no-process-sandbox");
    assertThat(pod.getContainers().get(0).getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(VolumeMount::getName)
        .doesNotContain("ssh", "netrc", "docker");
  }

  @Test
  void longNamesAreShortenedToValidJobNames() {
    var build = TestBuilds.example("hello.yaml");
    build.getMetadata().setName("a".repeat(120));
    var id = BuildIdentity.of(build);
    assertThat(id.jobName()).hasSizeLessThanOrEqualTo(63).endsWith("-g3");
    assertThat(BuildIdentity.of(build).jobName()).isEqualTo(id.jobName());
  }

  @Test
  void buildkitdConfigNamesMirrorAndInsecureRegistries() {
    var settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "GOIMAGE_REGISTRY_MIRROR", "10.244.0.1:5000",
                "GOIMAGE_INSECURE_REGISTRIES", "10.244.0.1:5000"));
    var toml = BuildkitConfig.render(settings, "registry.test:5000", true);
    assertThat(toml)
        .contains("[registry.\"docker.io\"]\n  mirrors = [\"10.244.0.1:5000\"]")
        .contains("[registry.\"10.244.0.1:5000\"]\n  http = true")
        .contains("[registry.\"registry.test:5000\"]\n  http = true");
    assertThat(BuildkitConfig.registryOf("library/golang:1.26")).isNull();
    assertThat(BuildkitConfig.registryOf("localhost:5000/x")).isEqualTo("localhost:5000");
  }

  private static Map<String, String> mountPaths(Container c) {
    var map = new java.util.LinkedHashMap<String, String>();
    c.getVolumeMounts().forEach(m -> map.put(m.getName(), m.getMountPath()));
    return map;
  }

  private static Volume volume(java.util.List<Volume> volumes, String name) {
    return volumes.stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }
}
