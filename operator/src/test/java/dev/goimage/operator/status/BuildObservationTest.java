package dev.goimage.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.api.v1alpha1.GoImageBuildStatus;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.Phase;
import dev.goimage.operator.TestBuilds;
import dev.goimage.operator.build.BuildIdentity;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Job + pod as Kubernetes reports them → the status users read. */
class BuildObservationTest {
  private static final String DIGEST = "sha256:" + "4f1c".repeat(16);
  private final BuildIdentity id = BuildIdentity.of(TestBuilds.example("hello.yaml"));

  @Test
  void activeJobIsBuilding() {
    var obs = BuildObservation.of(job(null, null), List.of());
    assertThat(obs.finished()).isFalse();
    var status = started();
    StatusComputer.observed(status, id, obs, false, "2026-11-21T10:00:05Z");
    assertThat(status.phase).isEqualTo(Phase.Building);
    assertThat(Conditions.get(status.conditions, "Succeeded").getStatus()).isEqualTo("Unknown");
  }

  @Test
  void successMessageGivesSucceededWithDigestAndConditions() {
    var result = new BuildResult();
    result.succeeded = true;
    result.image = "registry.example.com/goimage/hello:latest";
    result.digest = DIGEST;
    result.imageRef = "registry.example.com/goimage/hello@" + DIGEST;
    result.commit = "9a8b7c";
    result.modulesDownloaded = 0;
    result.timings.put("compile", 6.9);
    var obs =
        BuildObservation.of(
            job("Complete", null), List.of(pod(Json.terminationMessage(result), 0, "Completed")));

    var status = started();
    StatusComputer.observed(status, id, obs, false, "2026-11-21T10:01:00Z");
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    assertThat(status.output.digest).isEqualTo(DIGEST);
    assertThat(status.output.shortDigest).isEqualTo("sha256:4f1c4f1c4f1c");
    assertThat(status.output.imageRef).endsWith("@" + DIGEST);
    assertThat(status.source.commit).isEqualTo("9a8b7c");
    assertThat(status.cache.modulesDownloaded).isZero();
    assertThat(status.timings).containsEntry("compile", 6.9);
    assertThat(status.completionTime).isEqualTo("2026-11-21T10:01:00Z");
    assertThat(status.conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Succeeded=True/Succeeded", "Built=True/Built", "Pushed=True/Pushed");
  }

  @Test
  void failureMessageGivesFailedWithItsDiagnostics() {
    var result = new BuildResult();
    result.succeeded = false;
    result.diagnostics.add(
        Diagnostic.error(
                DiagnosticCode.GoModNotFound,
                "modules",
                "go.mod not found in .",
                "spec.source.moduleRoot: app")
            .withEvidence(
                List.of("go: go.mod file not found in current directory or any parent directory")));
    var obs =
        BuildObservation.of(
            job("Failed", "BackoffLimitExceeded"),
            List.of(pod(Json.terminationMessage(result), 1, "Error")));

    var status = started();
    StatusComputer.observed(status, id, obs, false, "2026-11-21T10:01:00Z");
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.diagnostics)
        .extracting(d -> d.code)
        .containsExactly("NoPersistentCache", "GoModNotFound");
    assertThat(status.diagnostics.get(1).hint).isEqualTo("spec.source.moduleRoot: app");
    assertThat(status.diagnostics.get(1).evidence).hasSize(1);
    assertThat(status.conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly(
            "Succeeded=False/GoModNotFound",
            "Built=False/GoModNotFound",
            "Pushed=False/GoModNotFound");
  }

  @Test
  void pushFailureKeepsBuiltTrue() {
    var result = new BuildResult();
    result.diagnostics.add(
        Diagnostic.error(
            DiagnosticCode.RegistryAuthFailed, "push", "401", "spec.output.pushSecret"));
    var obs =
        BuildObservation.of(
            job("Failed", null), List.of(pod(Json.terminationMessage(result), 1, "Error")));
    var status = started();
    StatusComputer.observed(status, id, obs, false, "t");
    assertThat(Conditions.get(status.conditions, "Built").getStatus()).isEqualTo("True");
    assertThat(Conditions.get(status.conditions, "Pushed").getReason())
        .isEqualTo("RegistryAuthFailed");
  }

  @Test
  void deadlineGivesBuildTimeoutNamingTheField() {
    var obs = BuildObservation.of(job("Failed", "DeadlineExceeded"), List.of());
    assertThat(obs.result().diagnostics)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.code).isEqualTo("BuildTimeout");
              assertThat(d.message).contains("deadline of 1800 seconds");
              assertThat(d.hint).contains("spec.timeoutSeconds");
            });
  }

  @Test
  void theRunnersOwnTimeoutWinsOverTheJobsDeadlineReachedJustAfter() {
    var result = new BuildResult();
    result.apiVersion = BuildResult.API_VERSION;
    result.diagnostics.add(
        Diagnostic.error(
            DiagnosticCode.BuildTimeout,
            "modules",
            "cancelled while running [modules] go mod download",
            "spec.timeoutSeconds: raise it"));
    var obs =
        BuildObservation.of(
            job("Failed", "DeadlineExceeded"), List.of(pod(Json.write(result), 1, "Error")));
    assertThat(obs.result().diagnostics)
        .singleElement()
        .extracting(d -> d.step)
        .isEqualTo("modules");
  }

  @Test
  void oomKilledRunnerGivesOutOfMemory() {
    var obs = BuildObservation.of(job("Failed", null), List.of(pod("", 137, "OOMKilled")));
    assertThat(obs.result().diagnostics.get(0).code).isEqualTo("OutOfMemory");
    assertThat(obs.result().diagnostics.get(0).hint)
        .contains("spec.builder.resources.limits.memory");
  }

  @Test
  void outOfMemoryHintNamesTheLimitTheBuildRanWith() {
    var result = new BuildResult();
    result.apiVersion = BuildResult.API_VERSION;
    result.diagnostics.add(
        Diagnostic.error(
            DiagnosticCode.OutOfMemory,
            "compile",
            "killed",
            "spec.builder.resources.limits.memory: raise it, for example to 4Gi"));
    var job = limitedJob("512Mi");
    var obs = BuildObservation.of(job, List.of(pod(Json.write(result), 1, "Error")));
    assertThat(obs.result().diagnostics.get(0).hint)
        .isEqualTo(
            "spec.builder.resources.limits.memory: the build ran with 512Mi; raise it, for"
                + " example to 1024Mi (compiling generated code and linking large programs can"
                + " take several Gi)");
    assertThat(BuildObservation.oomHint(null, new Quantity("1.5Gi"))).contains("to 3072Mi");
    assertThat(BuildObservation.oomHint("spec.go.env: remove GOGC=off", new Quantity("512Mi")))
        .isEqualTo("spec.go.env: remove GOGC=off; the build ran with 512Mi of memory");
  }

  @Test
  void compileTimeoutUnderAMemoryLimitSaysACompilerCanCrawlThere() {
    var result = new BuildResult();
    result.apiVersion = BuildResult.API_VERSION;
    result.diagnostics.add(
        Diagnostic.error(
            DiagnosticCode.BuildTimeout, "compile", "cancelled", "spec.timeoutSeconds: raise"));
    var job = limitedJob("1Gi");
    var obs = BuildObservation.of(job, List.of(pod(Json.write(result), 1, "Error")));
    assertThat(obs.result().diagnostics.get(0).hint)
        .startsWith("spec.timeoutSeconds: raise. The build ran with")
        .contains("limits.memory 1Gi")
        .contains("can crawl");
  }

  @Test
  void plainLogTerminationMessageBecomesEvidence() {
    var obs =
        BuildObservation.of(
            job("Failed", null), List.of(pod("panic: boom\ngoroutine 1", 2, "Error")));
    var d = obs.result().diagnostics.get(0);
    assertThat(d.code).isEqualTo("BuildFailed");
    assertThat(d.evidence).containsExactly("panic: boom", "goroutine 1");
  }

  @Test
  void deletedPodGivesFailedWithReasonNotStuck() {
    var obs = BuildObservation.of(job("Failed", "PodFailurePolicy"), List.of());
    assertThat(obs.finished()).isTrue();
    assertThat(obs.result().diagnostics.get(0).message).contains("deleted or evicted");
  }

  @Test
  void lastTransitionTimeIsKeptWhileStatusHolds() {
    var status = started();
    var first = Conditions.get(status.conditions, "Succeeded").getLastTransitionTime();
    StatusComputer.observed(status, id, BuildObservation.running(), false, "2026-11-21T11:00:00Z");
    assertThat(Conditions.get(status.conditions, "Succeeded").getLastTransitionTime())
        .isEqualTo(first);
  }

  private GoImageBuildStatus started() {
    var status = new GoImageBuildStatus();
    var info =
        new Diagnostic(
            DiagnosticCode.NoPersistentCache, Diagnostic.Severity.Info, "preflight", "m", "h");
    StatusComputer.started(status, id, null, List.of(info), "2026-11-21T10:00:00Z");
    return status;
  }

  private Job limitedJob(String memory) {
    var job = job("Failed", null);
    job.getSpec()
        .setTemplate(
            new PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewInitContainer()
                .withName("buildkitd")
                .withNewResources()
                .addToLimits("memory", new Quantity(memory))
                .endResources()
                .endInitContainer()
                .endSpec()
                .build());
    return job;
  }

  private Job job(String condition, String reason) {
    var b =
        new JobBuilder()
            .withNewMetadata()
            .withName(id.jobName())
            .endMetadata()
            .withNewSpec()
            .withActiveDeadlineSeconds(1860L)
            .endSpec();
    if (condition != null) {
      b.withNewStatus()
          .withConditions(
              new JobConditionBuilder()
                  .withType(condition)
                  .withStatus("True")
                  .withReason(reason)
                  .withMessage("job says so")
                  .build())
          .endStatus();
    }
    return b.build();
  }

  private static Pod pod(String message, int exitCode, String reason) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .endMetadata()
        .withNewStatus()
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("runner")
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message)
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }
}
