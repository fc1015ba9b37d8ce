package dev.goimage.runner.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.runner.failure.FailureReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Log lines as the go command, git, ssh and BuildKit print them, and the code each must give. Real
 * reproductions of each failure run in the runner's integration tests.
 */
class CatalogueClassifierTest {
  private final CatalogueClassifier classifier = new CatalogueClassifier();

  private static BuildPlan plan() {
    var plan = new BuildPlan();
    plan.source.gitUrl = "ssh://git@127.0.0.1:2222/app.git";
    plan.source.revision = "v1.2.3";
    plan.source.moduleRoot = ".";
    plan.source.packagePath = "./cmd/api";
    plan.go.proxy = "https://goproxy.internal.test";
    plan.output.image = "127.0.0.1:5000/acme/app:v1";
    return plan;
  }

  private Diagnostic classify(String step, String... lines) {
    var report = new FailureReport(step, "go build", "go build", 1, List.of(lines), "", plan());
    var found = classifier.classify(report);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GoModNotFound               | modules | go: go.mod file not found in current directory or any parent directory; see 'go help modules'
          GoModNotFound               | modules | go: cannot find main module, but found .git/config in /src
          PackageNotFound             | compile | stat /src/cmd/apii: directory not found
          PackageNotFound             | compile | no Go files in /src/cmd/api
          PackageNotFound             | compile | go: warning: "./..." matched no packages
          NotMainPackage              | compile | go: -buildmode=exe requires exactly one main package
          GoSumMissing                | compile | main.go:5:2: missing go.sum entry for module providing package github.com/google/uuid (imported by example.goimage.dev/hello); to add:
          ChecksumMismatch            | modules | verifying github.com/google/uuid@v1.6.0: checksum mismatch
          ChecksumMismatch            | modules | SECURITY ERROR
          CacheCorrupted              | modules | github.com/google/uuid v1.6.0: dir has been modified (/go/pkg/mod/github.com/google/uuid@v1.6.0)
          ModuleProxyUnreachable      | modules | go: github.com/google/uuid@v1.6.0: Get "https://goproxy.internal.test/github.com/google/uuid/@v/v1.6.0.mod": dial tcp 127.0.0.1:1: connect: connection refused
          ModuleNotFound              | modules | go: github.com/google/uuid@v9.9.9: reading https://goproxy.internal.test/github.com/google/uuid/@v/v9.9.9.info: 404 Not Found
          ModuleNotFound              | modules | go: github.com/acme/missing@v1.0.0: invalid version: unknown revision v1.0.0
          PrivateModuleViaPublicProxy | modules | verifying git.acme.test/private/greeting.git@v1.0.0: git.acme.test/private/greeting.git@v1.0.0: reading https://sum.example.test/lookup/git.acme.test/private/greeting.git@v1.0.0: 404 Not Found
          PrivateModuleViaPublicProxy | modules | go: git.acme.test/private/greeting.git@v1.0.0: reading https://goproxy.internal.test/git.acme.test/private/greeting.git/@v/v1.0.0.mod: 404 Not Found
          PrivateModuleAuthFailed     | modules | fatal: could not read Username for 'https://git.acme.test': terminal prompts disabled
          PrivateModuleAuthFailed     | modules | git@127.0.0.1: Permission denied (publickey).
          GitHostKeyUnknown           | modules | Host key verification failed.
          GitHostKeyUnknown           | source  | @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
          GitAuthFailed               | source  | git@127.0.0.1: Permission denied (publickey).
          GitRepositoryNotFound       | source  | fatal: '/srv/git/nope.git' does not appear to be a git repository
          GitRevisionNotFound         | source  | fatal: couldn't find remote ref v9.9.9
          InconsistentVendoring       | compile | go: inconsistent vendoring in /src:
          GoVersionTooOld             | modules | go: go.mod requires go >= 1.27.1 (running go 1.26.8; GOTOOLCHAIN=local)
          CgoToolchainMissing         | compile | cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH
          CompileError                | compile | ./main.go:12:5: undefined: handler
          OutOfMemory                 | compile | /usr/local/go/pkg/tool/linux_amd64/link: signal: killed
          BaseImageNotFound           | image   | failed to resolve source metadata for docker.io/library/golang:1.99: docker.io/library/golang:1.99: not found
          RegistryAuthFailed          | push    | failed to push 127.0.0.1:5000/acme/app:v1: 401 Unauthorized
          RegistryUnreachable         | push    | failed to do request: Head "https://127.0.0.1:5000/v2/acme/app/blobs/sha256:1": http: server gave HTTP response to HTTPS client
          DockerfileNotFound          | source  | failed to solve: failed to read dockerfile: open Dockerfile.prod: no such file or directory
          """)
  void logLineGivesItsCode(String code, String step, String line) {
    var d = classify(step.strip(), "# preceding output", line.strip());
    assertThat(d.code).isEqualTo(code.strip());
    assertThat(d.severity).isEqualTo(Diagnostic.Severity.Error);
    assertThat(d.evidence).contains(line.strip());
    assertThat(d.hint).isNotBlank();
  }

  @Test
  void outOfMemoryWithGogcOffNamesThatSettingFirst() {
    var line = "runtime: /usr/local/go/pkg/tool/linux_amd64/compile: signal: killed";
    assertThat(classify("compile", line).hint)
        .startsWith("spec.builder.resources.limits.memory: raise it");
    var plan = plan();
    var gogc = new dev.goimage.api.v1alpha1.EnvVar();
    gogc.name = "GOGC";
    gogc.value = "off";
    plan.go.env.add(gogc);
    var found =
        classifier.classify(
            new FailureReport("compile", "go build", "go build", 1, List.of(line), "", plan));
    assertThat(found.get(0).code).isEqualTo("OutOfMemory");
    assertThat(found.get(0).hint).startsWith("spec.go.env: remove GOGC=off");
    assertThat(found.get(0).message).startsWith("The compiler or linker was killed");
  }

  @Test
  void outOfMemoryInDockerfileModeBlamesACommandOfTheDockerfile() {
    var d = classifyWithFacts("signal: killed", dockerfilePlan(), null, null);
    assertThat(d.code).isEqualTo("OutOfMemory");
    assertThat(d.message).startsWith("A command of the Dockerfile was killed");
  }

  @Test
  void goVersionHintNamesTheFieldAndVersion() {
    var d =
        classify(
            "modules", "go: go.mod requires go >= 1.27.1 (running go 1.26.8; GOTOOLCHAIN=local)");
    assertThat(d.hint).startsWith("spec.go.version: \"1.27\"");
    assertThat(d.message).contains("1.27.1").contains("1.26.8");
  }

  @Test
  void privateModuleHintGivesThePattern() {
    var d =
        classify(
            "modules",
            "verifying git.acme.test/private/greeting.git@v1.0.0: reading https://sum.example.test/lookup/x: 410 Gone");
    assertThat(d.hint).startsWith("spec.go.private: [\"git.acme.test/private/*\"]");
  }

  @Test
  void insecureRegistryHintNamesInsecure() {
    var d = classify("push", "http: server gave HTTP response to HTTPS client");
    assertThat(d.hint).isEqualTo("spec.output.insecure: true for a plain-HTTP test registry");
  }

  @Test
  void unknownFailureIsBuildFailedWithTheLastLines() {
    var d = classify("compile", "one", "two", "three", "four", "five", "six: something odd");
    assertThat(d.code).isEqualTo("BuildFailed");
    assertThat(d.evidence).containsExactly("two", "three", "four", "five", "six: something odd");
  }

  @Test
  void savedLogWithoutStepStillClassifies() {
    var report =
        new FailureReport(
            null,
            null,
            null,
            null,
            List.of("go: go.mod file not found in current directory or any parent directory"),
            "",
            null);
    var d = classifier.classify(report).get(0);
    assertThat(d.code).isEqualTo("GoModNotFound");
    assertThat(d.step).isEqualTo("modules");
  }

  private Diagnostic classifyWithFacts(
      String line, BuildPlan plan, List<String> dockerfiles, List<String> refs) {
    var report =
        new FailureReport(
            "source",
            null,
            null,
            null,
            List.of(line),
            "",
            plan,
            List.of(),
            List.of(),
            dockerfiles,
            refs);
    return classifier.classify(report).get(0);
  }

  @Test
  void revisionHintListsTheBranchesAndTagsInTheirOrder() {
    var d =
        classifyWithFacts(
            "fatal: couldn't find remote ref v9.9.9",
            plan(),
            null,
            List.of("main", "release-1.2", "v1.0.0"));
    assertThat(d.code).isEqualTo("GitRevisionNotFound");
    assertThat(d.hint)
        .isEqualTo(
            "spec.source.git.revision: one of main, release-1.2, v1.0.0 (or a full commit SHA)");
  }

  @Test
  void revisionHintListsTenRefsAtMost() {
    var refs = java.util.stream.IntStream.range(0, 15).mapToObj(i -> "v1." + i + ".0").toList();
    var d = classifyWithFacts("fatal: couldn't find remote ref v9.9.9", plan(), null, refs);
    assertThat(d.hint)
        .startsWith("spec.source.git.revision: one of v1.0.0, v1.1.0,")
        .contains("v1.9.0, …")
        .doesNotContain("v1.10.0")
        .endsWith("(or a full commit SHA)");
  }

  @Test
  void revisionHintWithoutAListingNamesTheKindOfValue() {
    var d = classifyWithFacts("fatal: couldn't find remote ref v9.9.9", plan(), null, List.of());
    assertThat(d.hint)
        .isEqualTo("spec.source.git.revision: an existing branch, tag or full commit SHA");
  }

  private static BuildPlan dockerfilePlan() {
    var plan = plan();
    plan.dockerfile = new BuildPlan.Dockerfile();
    plan.dockerfile.path = "build/Dockerfile";
    return plan;
  }

  private static final String NO_DOCKERFILE =
      "failed to solve: failed to read dockerfile: open build/Dockerfile: no such file or directory";

  @Test
  void dockerfileHintListsTheDockerfilesOfTheRepository() {
    var d =
        classifyWithFacts(
            NO_DOCKERFILE,
            dockerfilePlan(),
            List.of("Dockerfile.dev", "deploy/api.Dockerfile"),
            List.of());
    assertThat(d.code).isEqualTo("DockerfileNotFound");
    assertThat(d.message).isEqualTo("No Dockerfile at build/Dockerfile in the repository.");
    assertThat(d.hint)
        .isEqualTo("spec.dockerfile.path: one of Dockerfile.dev, deploy/api.Dockerfile");
  }

  @Test
  void dockerfileHintNamesTheOnlyDockerfile() {
    var d =
        classifyWithFacts(NO_DOCKERFILE, dockerfilePlan(), List.of("deploy/Dockerfile"), List.of());
    assertThat(d.hint).isEqualTo("spec.dockerfile.path: deploy/Dockerfile");
  }

  @Test
  void dockerfileHintSaysWhenTheRepositoryHasNone() {
    var d = classifyWithFacts(NO_DOCKERFILE, dockerfilePlan(), List.of(), List.of());
    assertThat(d.hint)
        .startsWith("spec.dockerfile.path: the repository has no Dockerfile")
        .contains("leave out spec.dockerfile");
  }

  @Test
  void dockerfileHintWithoutAListingNamesTheKindOfValue() {
    var d = classifyWithFacts(NO_DOCKERFILE, dockerfilePlan(), null, List.of());
    assertThat(d.hint)
        .isEqualTo(
            "spec.dockerfile.path: the path of the Dockerfile relative to the repository root");
  }
}
