package dev.goimage.operator.verify;

import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.HealthSpec;
import dev.goimage.operator.OperatorSettings;
import dev.goimage.operator.build.BuildIdentity;
import dev.goimage.operator.build.BuildJobRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod that runs a built image by digest: no privileges, read-only root, the kubelet probing it
 * with spec.verify.health. With chaos, a small agent container shares the process namespace so the
 * operator can kill the image's process and the kubelet restarts it.
 */
public final class VerificationPodRenderer {
  public static final String COMPONENT = "verify";
  public static final String APP = "app";
  public static final String AGENT = "chaos-agent";

  private final OperatorSettings settings;

  public VerificationPodRenderer(OperatorSettings settings) {
    this.settings = settings;
  }

  public static String podName(BuildIdentity id, int replacement) {
    return id.jobName() + "-verify" + (replacement > 0 ? "-" + replacement : "");
  }

  public Pod render(GoImageBuild build, BuildIdentity id, String imageRef, String podName) {
    var verify = build.getSpec().verify;
    var containers = new ArrayList<Container>();
    containers.add(
        new ContainerBuilder()
            .withName(APP)
            .withImage(imageRef)
            .withReadinessProbe(probe(verify.health))
            .withResources(verify.resources)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .build())
            .build());
    var killsProcess = verify.chaos != null && !Boolean.TRUE.equals(verify.chaos.deletePod);
    if (killsProcess) {
      containers.add(agent());
    }
    var labels = id.labels(COMPONENT);
    var pull = build.getSpec().output.pushSecret;
    return new PodBuilder()
        .withMetadata(BuildJobRenderer.ownedMetadata(build, podName, labels))
        .editMetadata()
        .addToAnnotations(BuildJobRenderer.BUILD_NAME_ANNOTATION, build.getMetadata().getName())
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .withShareProcessNamespace(killsProcess ? true : null)
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withContainers(containers)
        .withImagePullSecrets(
            pull == null
                ? List.of()
                : List.of(new io.fabric8.kubernetes.api.model.LocalObjectReference(pull)))
        .withNodeSelector(
            build.getSpec().builder == null ? null : build.getSpec().builder.nodeSelector)
        .withTolerations(
            build.getSpec().builder == null ? null : build.getSpec().builder.tolerations)
        .endSpec()
        .build();
  }

  /**
   * Sleeps until the operator execs a kill in it. Signalling another container's process needs
   * CAP_KILL as root; it is the only capability this pod gets.
   */
  private Container agent() {
    return new ContainerBuilder()
        .withName(AGENT)
        .withImage(settings.runnerImage())
        .withCommand("sleep", "2147483647")
        .withSecurityContext(
            new SecurityContextBuilder()
                .withRunAsUser(0L)
                .withRunAsNonRoot(false)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .withAdd("KILL")
                .endCapabilities()
                .build())
        .withNewResources()
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("32Mi"))
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
        .endResources()
        .build();
  }

  static Probe probe(HealthSpec health) {
    var b =
        new ProbeBuilder()
            .withPeriodSeconds(1)
            .withTimeoutSeconds(1)
            .withFailureThreshold(1)
            .withSuccessThreshold(1);
    if (health.httpGet != null) {
      b.withNewHttpGet()
          .withPath(health.httpGet.path == null ? "/" : health.httpGet.path)
          .withPort(new IntOrString(health.httpGet.port))
          .endHttpGet();
    } else if (health.tcpSocket != null) {
      b.withNewTcpSocket().withPort(new IntOrString(health.tcpSocket.port)).endTcpSocket();
    } else {
      b.withNewExec().withCommand(health.exec.command).endExec();
    }
    return b.build();
  }

  /**
   * Run in the agent: SIGKILL every process outside the agent's own container (the pause process,
   * PID 1, is spared). Containers differ in their cgroup, which is how the agent tells them apart.
   */
  public static final String KILL_SCRIPT =
      "self=$(cat /proc/self/cgroup); n=0; for d in /proc/[0-9]*; do p=${d#/proc/};"
          + " [ \"$p\" = 1 ] && continue; c=$(cat $d/cgroup 2>/dev/null) || continue;"
          + " [ \"$c\" = \"$self\" ] && continue; kill -KILL \"$p\" 2>/dev/null && n=$((n+1));"
          + " done; echo killed $n";
}
