package dev.goimage.operator.verify;

import static dev.goimage.operator.status.Conditions.SUCCEEDED;
import static dev.goimage.operator.status.Conditions.VERIFIED;

import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.GoImageBuildStatus;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.Phase;
import dev.goimage.api.verify.VerificationMachine;
import dev.goimage.api.verify.VerificationMachine.Action;
import dev.goimage.api.verify.VerificationMachine.Decision;
import dev.goimage.operator.OperatorSettings;
import dev.goimage.operator.build.BuildIdentity;
import dev.goimage.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drives {@link VerificationMachine} with the real pod: create, observe, kill, finish. */
public final class Verifier {
  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

  /** Verification reacts to the kubelet's probes; the pod informer wakes us, this is a backstop. */
  public static final long RECHECK_SECONDS = 1;

  private final KubernetesClient client;
  private final VerificationPodRenderer renderer;
  private final VerificationMachine machine = new VerificationMachine();

  public Verifier(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.renderer = new VerificationPodRenderer(settings);
  }

  public static boolean wanted(GoImageBuild build) {
    var v = build.getSpec().verify;
    return v != null && v.health != null;
  }

  /** One step of verification; returns when to look again, or null when it has ended. */
  public Long step(GoImageBuild build, BuildIdentity id, GoImageBuildStatus status, Instant now) {
    var ns = build.getMetadata().getNamespace();
    var spec = build.getSpec().verify;
    if (status.verification == null) {
      status.verification = new GoImageBuildStatus.VerificationStatus();
    }
    var v = status.verification;
    var podName = v.pod != null ? v.pod : VerificationPodRenderer.podName(id, 0);
    var pod = client.pods().inNamespace(ns).withName(podName).get();
    var view = PodViews.of(pod, pod != null && !ready(pod) ? lastLogLines(ns, podName) : List.of());
    var decision = machine.advance(spec, v, view, now);
    switch (decision.action()) {
      case CREATE_POD -> {
        v.pod = podName;
        create(renderer.render(build, id, status.output.imageRef, podName));
      }
      case KILL -> {
        var error = kill(ns, podName);
        if (error != null) {
          decision = new Decision(Action.NONE, machine.killFailed(spec, v, error));
        }
      }
      case REPLACE_POD -> {
        client.pods().inNamespace(ns).withName(podName).withGracePeriod(0).delete();
        v.pod = VerificationPodRenderer.podName(id, v.chaos.kills);
        create(renderer.render(build, id, status.output.imageRef, v.pod));
      }
      case NONE -> {}
    }
    var gen = id.generation();
    var started = Instant.parse(v.startTime);
    if (decision.failure() != null) {
      status.timings.put("verify", seconds(started, now));
      lastProbeFailure(ns, podName).ifPresent(decision.failure().evidence::add);
      status.diagnostics.add(decision.failure());
      status.phase = Phase.Failed;
      status.completionTime = now.toString();
      var d = decision.failure();
      Conditions.set(status.conditions, VERIFIED, "False", d.code, d.message, gen, now.toString());
      Conditions.set(status.conditions, SUCCEEDED, "False", d.code, d.message, gen, now.toString());
      return (long) keepSeconds(build);
    }
    if (VerificationMachine.PASSED.equals(v.stage)) {
      status.timings.put("verify", seconds(started, now));
      status.phase = Phase.Succeeded;
      status.completionTime = now.toString();
      var msg = VerificationMachine.summary(v);
      Conditions.set(status.conditions, VERIFIED, "True", "Verified", msg, gen, now.toString());
      Conditions.set(
          status.conditions,
          SUCCEEDED,
          "True",
          "Succeeded",
          "Pushed and verified " + status.output.imageRef + ".",
          gen,
          now.toString());
      client
          .pods()
          .inNamespace(ns)
          .withLabel(BuildIdentity.LABEL_BUILD, id.labels("").get(BuildIdentity.LABEL_BUILD))
          .withLabel(BuildIdentity.LABEL_COMPONENT, VerificationPodRenderer.COMPONENT)
          .delete();
      return null;
    }
    return RECHECK_SECONDS;
  }

  /**
   * A failed verification keeps its pod for inspection; after spec.verify.keepFailedPodSeconds it
   * goes. Returns when to look again, or null.
   */
  public Long expireFailedPod(GoImageBuild build, GoImageBuildStatus status, Instant now) {
    var v = status.verification;
    if (v == null
        || !VerificationMachine.FAILED.equals(v.stage)
        || v.pod == null
        || status.completionTime == null) {
      return null;
    }
    var due = Instant.parse(status.completionTime).plusSeconds(keepSeconds(build));
    if (now.isBefore(due)) {
      return Math.max(1, Duration.between(now, due).getSeconds());
    }
    client.pods().inNamespace(build.getMetadata().getNamespace()).withName(v.pod).delete();
    return null;
  }

  private static int keepSeconds(GoImageBuild build) {
    var keep = build.getSpec().verify.keepFailedPodSeconds;
    return keep != null ? keep : 3600;
  }

  private void create(Pod pod) {
    try {
      client.resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Kills the app's process through the agent; returns why it could not, or null. */
  private String kill(String ns, String pod) {
    String error = null;
    // One retry: an exec can fail transiently (the agent container just started).
    for (var attempt = 1; attempt <= 2; attempt++) {
      var out = new ByteArrayOutputStream();
      try (var exec =
          client
              .pods()
              .inNamespace(ns)
              .withName(pod)
              .inContainer(VerificationPodRenderer.AGENT)
              .writingOutput(out)
              .writingError(out)
              .exec("sh", "-c", VerificationPodRenderer.KILL_SCRIPT)) {
        var code = exec.exitCode().get(15, TimeUnit.SECONDS);
        var said = out.toString(StandardCharsets.UTF_8).strip();
        if (code != null && code == 0 && !said.equals("killed 0")) {
          LOG.info("{}/{}: chaos kill: {}", ns, pod, said);
          return null;
        }
        error = "the kill in the chaos-agent container exited with " + code + ": " + said;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      } catch (Exception e) {
        error = "exec into the chaos-agent container failed: " + rootCause(e);
      }
      LOG.warn("{}/{}: chaos kill attempt {} failed: {}", ns, pod, attempt, error);
    }
    return error;
  }

  private static String rootCause(Throwable e) {
    String message = e.toString();
    for (var t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }

  private List<String> lastLogLines(String ns, String pod) {
    try {
      var log =
          client
              .pods()
              .inNamespace(ns)
              .withName(pod)
              .inContainer(VerificationPodRenderer.APP)
              .tailingLines(5)
              .getLog();
      if (log == null || log.isBlank()) {
        log =
            client
                .pods()
                .inNamespace(ns)
                .withName(pod)
                .inContainer(VerificationPodRenderer.APP)
                .terminated()
                .tailingLines(5)
                .getLog();
      }
      return log == null || log.isBlank() ? List.of() : Arrays.asList(log.strip().split("\n"));
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  /** The kubelet's own words on the last failed probe (an Event), e.g. the HTTP status it got. */
  private Optional<String> lastProbeFailure(String ns, String pod) {
    try {
      return client
          .v1()
          .events()
          .inNamespace(ns)
          .withField("involvedObject.name", pod)
          .withField("reason", "Unhealthy")
          .list()
          .getItems()
          .stream()
          .max(Comparator.comparing(Verifier::lastSeen))
          .map(e -> e.getMessage() == null ? null : e.getMessage().strip());
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  private static String lastSeen(Event e) {
    var t =
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() == null ? null : e.getEventTime().getTime();
    return t == null ? "" : t;
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static double seconds(Instant from, Instant to) {
    return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
  }
}
