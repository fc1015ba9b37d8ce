package dev.goimage.operator.build;

import dev.goimage.api.plan.SecretFiles;
import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.operator.OperatorSettings;
import dev.goimage.operator.OperatorSettings.BuildkitMode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The build Job: buildkitd as a native sidecar whose state lives on the cache volume, and the
 * runner container that talks to it over a unix socket in a shared emptyDir.
 */
public final class BuildJobRenderer {
  public static final String COMPONENT = "build";

  /** On build pods: the GoImageBuild's full name (labels may be shortened to 63 characters). */
  public static final String BUILD_NAME_ANNOTATION = "goimage.dev/build-name";

  public static final String BUILDKITD = "buildkitd";
  public static final String RUNNER = "runner";
  public static final String PLAN_DIR = "/etc/goimage";
  public static final String PLAN_FILE = PLAN_DIR + "/plan.json";
  public static final String BUILDKITD_CONFIG = PLAN_DIR + "/buildkitd.toml";
  public static final String SOCKET_DIR = "/run/buildkit";
  public static final String SOCKET = "unix://" + SOCKET_DIR + "/buildkitd.sock";
  public static final String TERMINATION_LOG = "/dev/termination-log";
  static final long RUNNER_UID = 65532;

  /**
   * The runner enforces spec.timeoutSeconds itself and reports which step was still running; the
   * Job's deadline, this much later, is the backstop for a runner that cannot.
   */
  public static final int RUNNER_DEADLINE_GRACE_SECONDS = 60;

  static final long ROOTLESS_UID = 1000;

  private final OperatorSettings settings;

  public BuildJobRenderer(OperatorSettings settings) {
    this.settings = settings;
  }

  public Job render(GoImageBuild build, BuildIdentity id, String cacheClaim) {
    var spec = build.getSpec();
    var timeout = spec.timeoutSeconds != null ? spec.timeoutSeconds : 1800;
    var labels = id.labels(COMPONENT);
    if (cacheClaim != null) {
      labels.put(BuildIdentity.LABEL_CACHE_CLAIM, cacheClaim);
    }
    return new JobBuilder()
        .withMetadata(ownedMetadata(build, id.jobName(), labels))
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds((long) timeout + RUNNER_DEADLINE_GRACE_SECONDS)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(java.util.Map.of(BUILD_NAME_ANNOTATION, build.getMetadata().getName()))
        .endMetadata()
        .withSpec(podSpec(build, id, cacheClaim))
        .endTemplate()
        .endSpec()
        .build();
  }

  public static ObjectMeta ownedMetadata(
      GoImageBuild build, String name, java.util.Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(build.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(build.getApiVersion())
                .withKind(build.getKind())
                .withName(build.getMetadata().getName())
                .withUid(build.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .build();
  }

  private PodSpec podSpec(GoImageBuild build, BuildIdentity id, String cacheClaim) {
    var spec = build.getSpec();
    var volumes = new ArrayList<Volume>();
    volumes.add(
        new VolumeBuilder()
            .withName("plan")
            .withNewConfigMap()
            .withName(id.planConfigMapName())
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName("socket").withNewEmptyDir().endEmptyDir().build());
    volumes.add(
        cacheClaim != null
            ? new VolumeBuilder()
                .withName("state")
                .withNewPersistentVolumeClaim()
                .withClaimName(cacheClaim)
                .endPersistentVolumeClaim()
                .build()
            : new VolumeBuilder().withName("state").withNewEmptyDir().endEmptyDir().build());
    var runnerMounts = new ArrayList<VolumeMount>();
    runnerMounts.add(mount("plan", PLAN_DIR, true));
    runnerMounts.add(mount("socket", SOCKET_DIR, false));
    runnerMounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    addSecretVolumes(build, volumes, runnerMounts);

    var builder = spec.builder;
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withFsGroup(RUNNER_UID)
        .endSecurityContext()
        .withInitContainers(buildkitd(builder == null ? null : builder.resources))
        .withContainers(runner(runnerMounts))
        .withVolumes(volumes)
        .withNodeSelector(builder == null ? null : builder.nodeSelector)
        .withTolerations(builder == null ? null : builder.tolerations)
        .build();
  }

  private Container buildkitd(ResourceRequirements resources) {
    var rootless = settings.buildkitMode() == BuildkitMode.ROOTLESS;
    var stateDir = rootless ? "/home/user/.local/share/buildkit" : "/var/lib/buildkit";
    var args = new ArrayList<String>();
    args.add("--addr=" + SOCKET);
    args.add("--root=" + stateDir);
    args.add("--config=" + BUILDKITD_CONFIG);
    if (rootless) {
      // Inside rootlesskit's user namespace buildkitd cannot chown its socket to our group
      // (seen on a real cluster: "chown .../buildkitd.sock: operation not permitted"). The socket
      // stays owned by the rootless user, and the runner runs as that user instead.
      args.add("--oci-worker-no-process-sandbox");
    } else {
      args.add("--group=" + RUNNER_UID);
    }
    var security =
        rootless
            ? new SecurityContextBuilder()
                .withRunAsUser(ROOTLESS_UID)
                .withRunAsGroup(ROOTLESS_UID)
                .withNewSeccompProfile()
                .withType("Unconfined")
                .endSeccompProfile()
                .withNewAppArmorProfile()
                .withType("Unconfined")
                .endAppArmorProfile()
                .build()
            : new SecurityContextBuilder().withPrivileged(true).build();
    return new ContainerBuilder()
        .withName(BUILDKITD)
        .withImage(settings.buildkitImage())
        .withCommand(rootless ? List.of("rootlesskit", "buildkitd") : List.of("buildkitd"))
        .withArgs(args)
        // A native sidecar: started before the runner, stopped after it.
        .withRestartPolicy("Always")
        .withSecurityContext(security)
        .withResources(resources)
        .withNewStartupProbe()
        .withNewExec()
        .withCommand("buildctl", "--addr=" + SOCKET, "debug", "workers")
        .endExec()
        .withPeriodSeconds(1)
        .withFailureThreshold(120)
        .endStartupProbe()
        .withVolumeMounts(
            mount("socket", SOCKET_DIR, false),
            mount("state", stateDir, false),
            mount("plan", PLAN_DIR, true))
        .build();
  }

  private Container runner(List<VolumeMount> mounts) {
    return new ContainerBuilder()
        .withName(RUNNER)
        .withImage(settings.runnerImage())
        .withCommand("goimage", "runner", "--plan=" + PLAN_FILE, "--buildkit=" + SOCKET)
        .withTerminationMessagePath(TERMINATION_LOG)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withSecurityContext(
            new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                // Rootless: the socket's owner (see buildkitd()); the group stays ours, so
                // secret volumes (fsGroup, mode 0440) remain readable.
                .withRunAsUser(
                    settings.buildkitMode() == BuildkitMode.ROOTLESS ? ROOTLESS_UID : RUNNER_UID)
                .withRunAsGroup(RUNNER_UID)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build())
        .withVolumeMounts(mounts)
        .build();
  }

  private static void addSecretVolumes(
      GoImageBuild build, List<Volume> volumes, List<VolumeMount> mounts) {
    var spec = build.getSpec();
    var secrets = spec.secrets;
    if (secrets != null && secrets.ssh != null) {
      var keyKey = secrets.ssh.privateKeyKey != null ? secrets.ssh.privateKeyKey : "ssh-privatekey";
      volumes.add(
          secretVolume(
              "ssh",
              secrets.ssh.secretName,
              keyKey,
              "id",
              secrets.ssh.knownHostsKey,
              "known_hosts"));
      mounts.add(mount("ssh", SecretFiles.InPod.SSH_DIR, true));
    }
    if (secrets != null && secrets.netrc != null) {
      volumes.add(secretVolume("netrc", secrets.netrc.secretName, secrets.netrc.key, "netrc"));
      mounts.add(mount("netrc", SecretFiles.InPod.NETRC_DIR, true));
    }
    if (spec.output.pushSecret != null) {
      volumes.add(
          secretVolume("docker", spec.output.pushSecret, ".dockerconfigjson", "config.json"));
      mounts.add(mount("docker", SecretFiles.InPod.DOCKER_DIR, true));
    }
    if (secrets != null && secrets.build != null) {
      for (var s : secrets.build) {
        var name = "build-" + s.id.toLowerCase().replaceAll("[^a-z0-9-]", "-");
        volumes.add(secretVolume(name, s.secretName, s.key, s.id));
        mounts.add(
            new VolumeMountBuilder()
                .withName(name)
                .withMountPath(SecretFiles.InPod.BUILD_DIR + "/" + s.id)
                .withSubPath(s.id)
                .withReadOnly(true)
                .build());
      }
    }
  }

  /** A Secret volume projecting only the named keys (key, path, key, path, ...), mode 0440. */
  private static Volume secretVolume(String name, String secretName, String... keyPathPairs) {
    var items = new ArrayList<io.fabric8.kubernetes.api.model.KeyToPath>();
    for (int i = 0; i < keyPathPairs.length; i += 2) {
      items.add(
          new KeyToPathBuilder().withKey(keyPathPairs[i]).withPath(keyPathPairs[i + 1]).build());
    }
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secretName)
        .withItems(items)
        .withDefaultMode(0440)
        .endSecret()
        .build();
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withReadOnly(readOnly)
        .build();
  }
}
