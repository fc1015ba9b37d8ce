package dev.goimage.runner.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import dev.goimage.runner.diagnose.CatalogueClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailurePathTest {
  private static BuildPlan plan() {
    BuildPlan p = new BuildPlan();
    p.output.image = "127.0.0.1:5000/app:v1";
    return p;
  }

  private static FailureReport report(
      String step, String vertex, List<String> lines, String daemon) {
    return new FailureReport(
        step, vertex, null, FailureReport.exitCodeOf(daemon), lines, daemon, plan());
  }

  @Test
  void exitCodeFromTheDaemonMessage() {
    assertThat(
            FailureReport.exitCodeOf(
                "process \"/bin/sh -c go build\" did not complete successfully: exit code: 2"))
        .isEqualTo(2);
    assertThat(FailureReport.exitCodeOf("failed to push")).isNull();
  }

  @Test
  void unknownFailuresAreBuildFailedWithTheLastLines() {
    var lines = List.of("l1", "l2", "l3", "l4", "l5", "something nobody expected");
    var d =
        new CatalogueClassifier()
            .classify(
                report(
                    "compile",
                    "[compile] go build .",
                    lines,
                    "process did not complete successfully: exit code: 1"))
            .get(0);
    assertThat(d.code).isEqualTo("BuildFailed");
    assertThat(d.step).isEqualTo("compile");
    assertThat(d.message).contains("[compile] go build .").contains("exit code 1");
    assertThat(d.evidence)
        .hasSize(5)
        .endsWith("process did not complete successfully: exit code: 1");
  }

  @Test
  void registry401IsRegistryAuthFailed() {
    var d =
        new CatalogueClassifier()
            .classify(
                report(
                    "push",
                    "exporting to image",
                    List.of(),
                    "failed to push 127.0.0.1:5000/app:v1: 401 Unauthorized"))
            .get(0);
    assertThat(d.code).isEqualTo("RegistryAuthFailed");
    assertThat(d.hint).contains("spec.output.pushSecret");
    assertThat(d.evidence).anyMatch(l -> l.contains("401"));
  }

  @Test
  void sshFailuresInTheModulesStep() {
    var auth =
        new CatalogueClassifier()
            .classify(
                report(
                    "modules",
                    "[modules] go mod download",
                    List.of(
                        "\tgit@127.0.0.1: Permission denied (publickey).",
                        "fatal: Could not read from remote repository."),
                    "exit code: 1"))
            .get(0);
    assertThat(auth.code).isEqualTo("PrivateModuleAuthFailed");
    var hostKey =
        new CatalogueClassifier()
            .classify(
                report(
                    "modules",
                    "[modules] go mod download",
                    List.of("Host key verification failed."),
                    "exit code: 1"))
            .get(0);
    assertThat(hostKey.code).isEqualTo("GitHostKeyUnknown");
  }

  @Test
  void redactorRemovesSecretValuesButKeepsNetrcHostNames(@TempDir Path dir) throws Exception {
    Path netrc = dir.resolve("netrc");
    Files.writeString(netrc, "machine git.example.com login builder password s3cr3t-pass-word\n");
    Path token = dir.resolve("token");
    Files.writeString(token, "ghp_abcdefghijklmnop\n");
    BuildPlan p = plan();
    p.secrets.netrcFile = netrc.toString();
    p.secrets.build.add(new BuildPlan.FileSecret("token", token.toString()));
    var r = Redactor.forPlan(p);
    assertThat(r.redact("curl git.example.com -u builder:s3cr3t-pass-word ghp_abcdefghijklmnop"))
        .isEqualTo("curl git.example.com -u builder:*** ***");
  }

  @Test
  void aLongFailureStillFitsTheTerminationMessage() {
    var result = new BuildResult();
    result.diagnostics.addAll(
        new CatalogueClassifier()
            .classify(
                report(
                    "compile", "[compile] go build .", List.of("x".repeat(5000)), "exit code: 1")));
    assertThat(Json.terminationMessage(result).length()).isLessThanOrEqualTo(BuildResult.MAX_BYTES);
  }
}
