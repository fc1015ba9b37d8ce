package dev.goimage.runner.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.v1alpha1.EnvVar;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallPartsTest {
  @Test
  void sourceInfoReadsTheProbeLinesAndIgnoresTheRest() {
    var info =
        SourceInfo.parse(
            List.of(
                "noise",
                "goimage:commit=0123456789abcdef0123456789abcdef01234567",
                "goimage:commit-time=946684800",
                "goimage:module=example.goimage.dev/hello",
                "goimage:goversion=go1.26.8"));
    assertThat(info.commit()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    assertThat(info.commitTime()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(info.modulePath()).isEqualTo("example.goimage.dev/hello");
    assertThat(info.goVersion()).isEqualTo("go1.26.8");
    assertThat(SourceInfo.parse(List.of("goimage:commit=not-a-sha", "goimage:module=")).commit())
        .isNull();
  }

  @Test
  void sourceInfoTellsNoDockerfileListingFromAnEmptyOne() {
    assertThat(SourceInfo.parse(List.of("goimage:commit-time=1")).dockerfiles()).isNull();
    assertThat(SourceInfo.parse(List.of("goimage:dockerfiles-listed=yes")).dockerfiles()).isEmpty();
    assertThat(
            SourceInfo.parse(
                    List.of(
                        "goimage:dockerfiles-listed=yes",
                        "goimage:dockerfile=Dockerfile.dev",
                        "goimage:dockerfile=deploy/api.Dockerfile"))
                .dockerfiles())
        .containsExactly("Dockerfile.dev", "deploy/api.Dockerfile");
  }

  @Test
  void gitRefsAreTheDefaultBranchThenOtherBranchesThenTags() {
    assertThat(
            GitRefList.parse(
                List.of(
                    "goimage:branch=dev",
                    "goimage:branch=main",
                    "noise",
                    "goimage:default-branch=main",
                    "goimage:tag=v1.10.0",
                    "goimage:tag=v1.9.0",
                    "goimage:tag=")))
        .containsExactly("main", "dev", "v1.10.0", "v1.9.0");
    assertThat(GitRefList.parse(List.of())).isEmpty();
  }

  @Test
  void moduleCountIsZeroWhenTheStepWasCached() {
    assertThat(
            ModuleCount.parse(
                List.of("# get https://proxy/x/@v/v1.zip", "goimage:modules-downloaded=3")))
        .isEqualTo(3);
    assertThat(ModuleCount.parse(List.of())).isZero();
  }

  @Test
  void ldflagsAreQuotedForTheGoCommand() {
    assertThat(Ldflags.join(List.of("-s", "-w", "-X main.version=1.2", "-X main.msg=hello world")))
        .isEqualTo("-s -w -X main.version=1.2 -X 'main.msg=hello world'");
  }

  @Test
  void stepsFromVertexNames() {
    assertThat(Step.ofVertex("[compile] go build .")).contains(Step.COMPILE);
    assertThat(Step.ofVertex("exporting to image")).contains(Step.PUSH);
    assertThat(Step.ofVertex("[build 3/6] RUN go mod download")).isEmpty();
  }

  @Test
  void urlsLoseTheirCredentials() {
    assertThat(SourceUrls.withoutCredentials("https://x-token:abc@github.com/a/b.git"))
        .isEqualTo("https://github.com/a/b.git");
    assertThat(SourceUrls.isSsh("git@github.com:a/b.git")).isTrue();
    assertThat(SourceUrls.isSsh("ssh://git@127.0.0.1:2222/a.git")).isTrue();
    assertThat(SourceUrls.isSsh("https://github.com/a/b.git")).isFalse();
  }

  @Test
  void dockerfileModePassesGoSettingsAndEpochAsBuildArgs() {
    BuildPlan plan = new BuildPlan();
    plan.source.gitUrl = "https://git.example.com/a/b.git";
    plan.go.proxy = "https://proxy.example.com";
    plan.go.privateModules.add("git.example.com/a");
    plan.go.platforms.addAll(List.of("linux/amd64", "linux/arm64"));
    plan.dockerfile = new BuildPlan.Dockerfile();
    plan.dockerfile.path = "build/Dockerfile";
    plan.dockerfile.target = "runtime";
    plan.dockerfile.buildArgs.add(new EnvVar("APP", "hello"));
    var info =
        new SourceInfo(
            "0123456789abcdef0123456789abcdef01234567",
            Instant.ofEpochSecond(1700000000),
            null,
            null);

    assertThat(DockerfileBuild.frontendAttrs(plan, info))
        .containsEntry("filename", "build/Dockerfile")
        .containsEntry("target", "runtime")
        .containsEntry("platform", "linux/amd64,linux/arm64")
        .containsEntry("build-arg:GOPROXY", "https://proxy.example.com")
        .containsEntry("build-arg:GOPRIVATE", "git.example.com/a")
        .containsEntry("build-arg:GONOSUMDB", "git.example.com/a")
        .containsEntry("build-arg:CGO_ENABLED", "0")
        .containsEntry("build-arg:APP", "hello")
        .containsEntry("build-arg:SOURCE_DATE_EPOCH", "1700000000")
        .doesNotContainKey("build-arg:GOOS");
  }
}
