package dev.goimage.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.v1alpha1.EnvVar;
import dev.goimage.api.v1alpha1.GoImageBuildSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildPlannerTest {
  private final PlanDefaults defaults =
      new PlanDefaults("1.26", "https://proxy.internal.test,direct", "golang");
  private final BuildPlanner planner = new BuildPlanner(defaults);

  private static SecretFiles inPod(GoImageBuildSpec spec) {
    return new SecretFiles.InPod(spec);
  }

  @Test
  void minimalSpecGetsEveryDefault() {
    var build = Examples.load("hello.yaml");
    var plan = planner.plan(build, inPod(build.getSpec()), null);

    assertThat(plan.apiVersion).isEqualTo("goimage.dev/buildplan/v1");
    assertThat(plan.build).isEqualTo("team/hello");
    assertThat(plan.source.gitUrl).isEqualTo("https://git.example.com/goimage/hello.git");
    assertThat(plan.source.revision).isEqualTo("main");
    assertThat(plan.source.moduleRoot).isEqualTo(".");
    assertThat(plan.source.packagePath).isEqualTo(".");
    assertThat(plan.go.version).isEqualTo("1.26");
    assertThat(plan.go.builderImage).isEqualTo("golang:1.26");
    assertThat(plan.go.proxy).isEqualTo("https://proxy.internal.test,direct");
    assertThat(plan.go.platforms).containsExactly("linux/amd64");
    assertThat(plan.go.cgo).isFalse();
    assertThat(plan.go.privateModules).isEmpty();
    assertThat(plan.dockerfile).isNull();
    assertThat(plan.output.image).isEqualTo("registry.example.com/goimage/hello:latest");
    assertThat(plan.output.baseImage).isEqualTo("scratch");
    assertThat(plan.output.insecure).isFalse();
    assertThat(plan.output.push).isTrue();
    assertThat(plan.secrets.sshKeyFile).isNull();
    assertThat(plan.secrets.knownHostsFile).isNull();
    assertThat(plan.secrets.netrcFile).isNull();
    assertThat(plan.secrets.dockerConfigFile).isNull();
    assertThat(plan.cache.persistent).isFalse();
    assertThat(plan.timeoutSeconds).isEqualTo(1800);
    assertThat(plan.verify).isNull();
  }

  @Test
  void everyFieldOfTheFullExampleReachesThePlan() {
    var build = Examples.load("full.yaml");
    var plan = planner.plan(build, inPod(build.getSpec()), "full-cache");

    assertThat(plan.source.gitUrl).isEqualTo("ssh://git@git.example.com:2222/acme/platform.git");
    assertThat(plan.source.revision).isEqualTo("4f1c2a9b3e7d0c5a8b6e1f2d3c4b5a6978695a4b");
    assertThat(plan.source.moduleRoot).isEqualTo("services/orders");
    assertThat(plan.source.packagePath).isEqualTo("./cmd/orders");
    assertThat(plan.go.version).isEqualTo("1.26.8");
    assertThat(plan.go.builderImage).isEqualTo("golang:1.26.8");
    assertThat(plan.go.proxy).isEqualTo("https://goproxy.example.com|direct");
    assertThat(plan.go.privateModules).containsExactly("git.example.com/acme/*");
    assertThat(plan.go.noSumDB).containsExactly("git.example.com/partner/*");
    assertThat(plan.go.env).extracting(e -> e.name).containsExactly("GOFLAGS", "GOEXPERIMENT");
    assertThat(plan.go.tags).containsExactly("netgo", "osusergo");
    assertThat(plan.go.ldflags).containsExactly("-s", "-w", "-X main.version=2.0.0");
    assertThat(plan.go.platforms).containsExactly("linux/amd64", "linux/arm64");
    assertThat(plan.secrets.sshKeyFile).isEqualTo("/var/run/goimage/secrets/ssh/id");
    assertThat(plan.secrets.knownHostsFile).isEqualTo("/var/run/goimage/secrets/ssh/known_hosts");
    assertThat(plan.secrets.netrcFile).isEqualTo("/var/run/goimage/secrets/netrc/netrc");
    assertThat(plan.secrets.dockerConfigFile)
        .isEqualTo("/var/run/goimage/secrets/docker/config.json");
    assertThat(plan.secrets.build)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id).isEqualTo("npmrc");
              assertThat(s.file).isEqualTo("/var/run/goimage/secrets/build/npmrc");
            });
    assertThat(plan.output.image).isEqualTo("registry.example.com:5000/acme/orders:2.0.0");
    assertThat(plan.output.baseImage).isEqualTo("gcr.io/distroless/static-debian12:nonroot");
    assertThat(plan.output.labels).containsEntry("team", "orders");
    assertThat(plan.cache.persistent).isTrue();
    assertThat(plan.cache.volumeClaimName).isEqualTo("full-cache");
    assertThat(plan.verify.health.httpGet.path).isEqualTo("/healthz");
    assertThat(plan.verify.chaos.kills).isEqualTo(3);
  }

  @Test
  void builderImageOverridesTheVersionTag() {
    var build = Examples.load("hello.yaml");
    build.getSpec().go = new dev.goimage.api.v1alpha1.GoSpec();
    build.getSpec().go.version = "1.22";
    build.getSpec().go.builderImage = "registry.example.com/tools/go-with-gcc:1";
    var plan = planner.plan(build, inPod(build.getSpec()), null);
    assertThat(plan.go.version).isEqualTo("1.22");
    assertThat(plan.go.builderImage).isEqualTo("registry.example.com/tools/go-with-gcc:1");
  }

  @Test
  void dockerfileModeHasNoBaseImageAndKeepsBuildArgs() {
    var build = Examples.load("dockerfile.yaml");
    var plan = planner.plan(build, inPod(build.getSpec()), "x");
    assertThat(plan.dockerfile.path).isEqualTo("Dockerfile");
    assertThat(plan.dockerfile.target).isNull();
    assertThat(plan.dockerfile.buildArgs)
        .extracting(a -> a.name + "=" + a.value)
        .containsExactly("APP=hello");
    assertThat(plan.output.baseImage).isNull();
  }

  @Test
  void planSurvivesAJsonRoundTrip() {
    var build = Examples.load("full.yaml");
    var plan = planner.plan(build, inPod(build.getSpec()), "c");
    var json = Json.write(plan);
    assertThat(json).contains("\"package\" : \"./cmd/orders\"").contains("\"private\" : [");
    assertThat(Json.write(Json.read(json, BuildPlan.class))).isEqualTo(json);
  }

  @Test
  void goEnvironmentDerivesPrivateSettingsAndPlatform() {
    var go = new BuildPlan.Go();
    go.proxy = "https://p.test,direct";
    go.privateModules = List.of("git.acme.test/*");
    go.noSumDB = List.of("other.test/*");
    go.env = List.of(new EnvVar("GOFLAGS", "-mod=mod"));
    var env = BuildPlanner.goEnvironment(go, "linux/arm/v7");
    assertThat(env)
        .extracting(e -> e.name + "=" + e.value)
        .containsExactly(
            "GOPROXY=https://p.test,direct",
            "GOPRIVATE=git.acme.test/*",
            "GONOSUMDB=git.acme.test/*,other.test/*",
            "CGO_ENABLED=0",
            "GOOS=linux",
            "GOARCH=arm",
            "GOARM=7",
            "GOTOOLCHAIN=local",
            "GOFLAGS=-mod=mod");
  }
}
