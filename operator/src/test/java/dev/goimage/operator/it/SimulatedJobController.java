package dev.goimage.operator.it;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;

/**
 * Stands in for kube-controller-manager and the kubelet, which this test tier does not run: it
 * creates a Job's pod and writes the Job and pod status as they would. Real pods run in the
 * end-to-end tier (e2e/).
 */
final class SimulatedJobController {
  private final KubernetesClient client;

  SimulatedJobController(KubernetesClient client) {
    this.client = client;
  }

  /** What the Job controller does: a pod from the template, labelled with the Job name. */
  Pod startPod(Job job) {
    var template = job.getSpec().getTemplate();
    var labels = new HashMap<>(template.getMetadata().getLabels());
    labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
    labels.put("job-name", job.getMetadata().getName());
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-pod")
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(template.getMetadata().getAnnotations())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.getMetadata().getName())
                    .withUid(job.getMetadata().getUid())
                    .withController(true)
                    .build())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    var created = client.resource(pod).create();
    created.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
    var running = client.resource(created).updateStatus();
    var jobNow = client.resource(job).get();
    jobNow.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withActive(1)
            .withStartTime(now())
            .build());
    client.resource(jobNow).updateStatus();
    return running;
  }

  /** What the kubelet and Job controller report when the runner container exits. */
  void finish(Job job, String terminationMessage, int exitCode) {
    var pod =
        client
            .pods()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName() + "-pod")
            .get();
    pod.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
    pod.getStatus()
        .setContainerStatuses(
            java.util.List.of(
                new ContainerStatusBuilder()
                    .withName("runner")
                    .withImage("runner")
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(0)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(exitCode == 0 ? "Completed" : "Error")
                            .withMessage(terminationMessage)
                            .endTerminated()
                            .build())
                    .build()));
    client.resource(pod).updateStatus();
    var jobNow = client.resource(job).get();
    var status = jobNow.getStatus();
    status.setActive(0);
    var time = now();
    if (exitCode == 0) {
      status.setSucceeded(1);
      status.setCompletionTime(time);
      status.setConditions(
          java.util.List.of(
              condition("SuccessCriteriaMet", "CompletionsReached", time),
              condition("Complete", "CompletionsReached", time)));
    } else {
      status.setFailed(1);
      status.setConditions(
          java.util.List.of(
              condition("FailureTarget", "BackoffLimitExceeded", time),
              condition("Failed", "BackoffLimitExceeded", time)));
    }
    client.resource(jobNow).updateStatus();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(
      String type, String reason, String time) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(reason)
        .withLastProbeTime(time)
        .withLastTransitionTime(time)
        .build();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** What the kubelet reports for a verification pod whose readiness probe passes. */
  void verificationPodReady(Pod pod) {
    var now = now();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withConditions(
                new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withLastTransitionTime(now)
                    .build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withImage("app")
                    .withImageID("")
                    .withReady(true)
                    .withRestartCount(0)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewRunning()
                            .withStartedAt(now)
                            .endRunning()
                            .build())
                    .build())
            .build());
    client.resource(pod).updateStatus();
  }

  /** What the kubelet reports for a container that keeps exiting with {@code exitCode}. */
  void verificationPodCrashLooping(Pod pod, int exitCode) {
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withImage("app")
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(3)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewWaiting()
                            .withReason("CrashLoopBackOff")
                            .endWaiting()
                            .build())
                    .withLastState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason("Error")
                            .withMessage("panic: config file not found")
                            .endTerminated()
                            .build())
                    .build())
            .build());
    client.resource(pod).updateStatus();
  }
}
