package dev.goimage.operator.status;

import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.Diagnostic.Step;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.operator.build.BuildJobRenderer;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a build Job and its pod say about the build: still running, or finished with a BuildResult
 * (the runner's termination message, or one made up from what Kubernetes reports when the runner
 * could not write it).
 */
public record BuildObservation(boolean finished, BuildResult result) {

  public static BuildObservation running() {
    return new BuildObservation(false, null);
  }

  public static BuildObservation of(Job job, List<Pod> pods) {
    var observation = observe(job, pods);
    if (observation.finished()) {
      memoryLimit(job).ifPresent(limit -> withMemoryLimit(observation.result(), limit));
    }
    return observation;
  }

  private static BuildObservation observe(Job job, List<Pod> pods) {
    var runner =
        pods.stream()
            .map(BuildObservation::runnerTermination)
            .flatMap(Optional::stream)
            .findFirst();
    var jobFailed = hasCondition(job, "Failed");
    var jobComplete = hasCondition(job, "Complete");
    if (!jobFailed && !jobComplete) {
      return running();
    }
    var reported = runner.map(t -> parseResult(t.getMessage())).orElse(null);
    if (reported != null && !reported.succeeded) {
      // The runner's own diagnosis (it names the step), even when the Job's deadline passed
      // before the Job controller saw the pod fail.
      return new BuildObservation(true, reported);
    }
    if (jobFailed && "DeadlineExceeded".equals(conditionReason(job, "Failed"))) {
      var seconds =
          job.getSpec().getActiveDeadlineSeconds() - BuildJobRenderer.RUNNER_DEADLINE_GRACE_SECONDS;
      return failed(
          Diagnostic.error(
              DiagnosticCode.BuildTimeout,
              Step.COMPILE,
              "The build did not finish within its deadline of " + seconds + " seconds.",
              "spec.timeoutSeconds: raise it above "
                  + seconds
                  + " if the build is just slow; a warm spec.cache also makes builds faster"),
          runner.map(ContainerStateTerminated::getMessage).orElse(null));
    }
    if (runner.isPresent()) {
      var terminated = runner.get();
      if (reported != null) {
        reported.succeeded = jobComplete;
        return new BuildObservation(true, reported);
      }
      if ("OOMKilled".equals(terminated.getReason())) {
        return failed(oom(), terminated.getMessage());
      }
      if (jobComplete && (terminated.getExitCode() == null || terminated.getExitCode() == 0)) {
        return failed(
            Diagnostic.error(
                DiagnosticCode.BuildFailed,
                Step.IMAGE,
                "The runner exited without reporting a result.",
                "check the runner container's log; the runner image may not match the operator"),
            terminated.getMessage());
      }
      return failed(
          Diagnostic.error(
              DiagnosticCode.BuildFailed,
              Step.COMPILE,
              "The runner exited with code " + terminated.getExitCode() + " without a result.",
              "read the evidence and the build pod's log"),
          terminated.getMessage());
    }
    if (pods.stream().anyMatch(BuildObservation::buildkitdOomKilled)) {
      return failed(oom(), null);
    }
    return failed(
        Diagnostic.error(
            DiagnosticCode.BuildFailed,
            Step.COMPILE,
            "The build Job failed"
                + Optional.ofNullable(conditionReason(job, "Failed"))
                    .map(r -> " (" + r + ")")
                    .orElse("")
                + " before the runner reported a result: the build pod was deleted or evicted.",
            "start a new build with a new value of the goimage.dev/rebuild annotation"),
        conditionMessage(job, "Failed"));
  }

  private static Diagnostic oom() {
    return Diagnostic.error(
        DiagnosticCode.OutOfMemory,
        Step.COMPILE,
        "The build ran out of memory (OOMKilled); linking large Go programs needs memory.",
        "spec.builder.resources.limits.memory: raise it, for example to 4Gi");
  }

  private static void withMemoryLimit(BuildResult result, Quantity limit) {
    for (var d : result.diagnostics) {
      if (DiagnosticCode.OutOfMemory.name().equals(d.code)) {
        d.hint = oomHint(d.hint, limit);
      } else if (DiagnosticCode.BuildTimeout.name().equals(d.code) && Step.COMPILE.equals(d.step)) {
        // At its memory limit a compiler is not always killed: it can crawl, the kernel
        // reclaiming its own code pages over and over, until the deadline.
        d.hint +=
            ". The build ran with spec.builder.resources.limits.memory "
                + limit
                + ": a compiler at its memory limit can crawl instead of being killed, so raise"
                + " it if the compile step is where the time went";
      }
    }
  }

  /**
   * With the limit the build ran under, the hint can say how far to raise it; a hint that names
   * another cause first (the runner saw GOGC=off) keeps it and gets the limit added.
   */
  static String oomHint(String hint, Quantity limit) {
    if (hint != null && !hint.startsWith("spec.builder.resources.limits.memory")) {
      return hint + "; the build ran with " + limit + " of memory";
    }
    var bytes = limit.getNumericalAmount();
    var doubled = bytes.multiply(BigDecimal.valueOf(2)).divide(BigDecimal.valueOf(1 << 20));
    return "spec.builder.resources.limits.memory: the build ran with "
        + limit
        + "; raise it, for example to "
        + doubled.setScale(0, RoundingMode.UP).toPlainString()
        + "Mi (compiling generated code and linking large programs can take several Gi)";
  }

  /** The memory limit of the build pod's buildkitd container (where compilers run), if any. */
  private static Optional<Quantity> memoryLimit(Job job) {
    return Optional.ofNullable(job.getSpec())
        .map(s -> s.getTemplate())
        .map(t -> t.getSpec())
        .map(p -> p.getInitContainers())
        .flatMap(
            cs ->
                cs.stream().filter(c -> BuildJobRenderer.BUILDKITD.equals(c.getName())).findFirst())
        .map(c -> c.getResources())
        .map(r -> r.getLimits())
        .map(l -> l.get("memory"));
  }

  private static BuildObservation failed(Diagnostic d, String evidence) {
    var result = new BuildResult();
    result.succeeded = false;
    if (evidence != null && !evidence.isBlank()) {
      d.withEvidence(Arrays.asList(evidence.strip().split("\n")));
    }
    result.diagnostics.add(d);
    return new BuildObservation(true, result);
  }

  static BuildResult parseResult(String message) {
    if (message == null || !message.strip().startsWith("{")) {
      return null;
    }
    try {
      var result = Json.read(message, BuildResult.class);
      return BuildResult.API_VERSION.equals(result.apiVersion) ? result : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Optional<ContainerStateTerminated> runnerTermination(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(cs -> BuildJobRenderer.RUNNER.equals(cs.getName()))
        .map(BuildObservation::terminated)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<ContainerStateTerminated> terminated(ContainerStatus cs) {
    if (cs.getState() != null && cs.getState().getTerminated() != null) {
      return Optional.of(cs.getState().getTerminated());
    }
    if (cs.getLastState() != null && cs.getLastState().getTerminated() != null) {
      return Optional.of(cs.getLastState().getTerminated());
    }
    return Optional.empty();
  }

  private static boolean buildkitdOomKilled(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
      return false;
    }
    return pod.getStatus().getInitContainerStatuses().stream()
        .filter(cs -> BuildJobRenderer.BUILDKITD.equals(cs.getName()))
        .map(BuildObservation::terminated)
        .flatMap(Optional::stream)
        .anyMatch(t -> "OOMKilled".equals(t.getReason()));
  }

  private static boolean hasCondition(Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String conditionReason(Job job, String type) {
    return condition(job, type).map(JobCondition::getReason).orElse(null);
  }

  private static String conditionMessage(Job job, String type) {
    return condition(job, type).map(JobCondition::getMessage).orElse(null);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }
}
