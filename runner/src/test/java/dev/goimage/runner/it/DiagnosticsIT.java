package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.buildkit.BuildKitAddress;
import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.llb.Exec;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.session.SessionAttachables;
import dev.goimage.runner.build.GoBuildGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failure catalogue reproduced for real: each test makes the real go command, git or registry
 * fail in one well-known way, runs it through the runner and a real buildkitd, and checks the code
 * and that the hint names the field (and value) to change.
 */
class DiagnosticsIT {
  private static Infra infra;
  private static Path dir;

  @BeforeAll
  static void start() throws IOException {
    infra = Infra.get();
    dir = Files.createTempDirectory(infra.base, "diagnostics-");
  }

  /** examples/hello, changed by {@code edit}, published as a new repository. */
  private static String repo(String name, Consumer<Path> edit) throws IOException {
    return repo(name, edit, null);
  }

  /** The same with a tag on its commit. */
  private static String repo(String name, Consumer<Path> edit, String tag) throws IOException {
    Path src = dir.resolve(name);
    copy(Cmd.repoRoot().resolve("examples/hello"), src);
    edit.accept(src);
    return infra.git.publish(src.toString(), "diag/" + name, tag)[0];
  }

  private static BuildPlan plan(String url, String name) throws IOException {
    BuildPlan p = Plans.plan(url, infra.registry + "/it/diag-" + name + ":latest");
    p.secrets.sshKeyFile = infra.git.key.toString();
    p.secrets.knownHostsFile = infra.git.writeKnownHosts(dir.resolve("known_hosts")).toString();
    return p;
  }

  private static Diagnostic failsWithoutEvidence(BuildPlan plan, String code) throws IOException {
    Plans.Run run = Plans.runner(plan, dir);
    assertThat(run.exitCode()).as(run.output()).isNotZero();
    Diagnostic d = run.result().diagnostics.get(0);
    assertThat(d.code).as(run.resultJson()).isEqualTo(code);
    return d;
  }

  /** The output of the last run, to show when a test's assertion on a diagnostic fails. */
  private static String lastOutput = "";

  private static Diagnostic fails(BuildPlan plan, String code) throws IOException {
    Plans.Run run = Plans.runner(plan, dir);
    lastOutput = run.output();
    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.result().diagnostics).as(run.output()).isNotEmpty();
    Diagnostic d = run.result().diagnostics.get(0);
    assertThat(d.code).as(run.resultJson()).isEqualTo(code);
    assertThat(d.severity).isEqualTo(Diagnostic.Severity.Error);
    assertThat(d.evidence).isNotEmpty();
    return d;
  }

  @Test
  void goModInASubdirectoryWithTheDefaultModuleRoot() throws IOException {
    String url = repo("subdir", src -> moveAllInto(src, "app"));
    Diagnostic d = fails(plan(url, "subdir"), "GoModNotFound");
    assertThat(d.hint).isEqualTo("spec.source.moduleRoot: app");
  }

  @Test
  void packageThatDoesNotExistListsTheMainPackages() throws IOException {
    String url = repo("nopkg", src -> {});
    BuildPlan p = plan(url, "nopkg");
    p.source.packagePath = "./cmd/api";
    Diagnostic d = fails(p, "PackageNotFound");
    assertThat(d.hint).isEqualTo("spec.source.package: .");
  }

  @Test
  void libraryPackageIsNotAMainPackage() throws IOException {
    String url =
        repo("lib", src -> write(src.resolve("lib/lib.go"), "package lib\n\nfunc Hello() {}\n"));
    BuildPlan p = plan(url, "lib");
    p.source.packagePath = "./lib";
    Diagnostic d = fails(p, "NotMainPackage");
    assertThat(d.hint).isEqualTo("spec.source.package: .");
  }

  @Test
  void emptyGoSum() throws IOException {
    String url = repo("nosum", src -> write(src.resolve("go.sum"), ""));
    Diagnostic d = fails(plan(url, "nosum"), "GoSumMissing");
    assertThat(d.hint).contains("go mod tidy");
  }

  @Test
  void tamperedGoSum() throws IOException {
    String url =
        repo(
            "tampered",
            src -> {
              String sum = read(src.resolve("go.sum"));
              write(
                  src.resolve("go.sum"),
                  sum.replaceFirst(
                      "h1:[A-Za-z0-9+/=]+", "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
            });
    Diagnostic d = fails(plan(url, "tampered"), "ChecksumMismatch");
    assertThat(d.hint).contains("do not just delete go.sum");
  }

  @Test
  void goModRequiringANewerGo() throws IOException {
    String url =
        repo(
            "toonew",
            src ->
                write(
                    src.resolve("go.mod"),
                    read(src.resolve("go.mod")).replaceFirst("(?m)^go .*$", "go 1.99")));
    Diagnostic d = fails(plan(url, "toonew"), "GoVersionTooOld");
    assertThat(d.hint).startsWith("spec.go.version: \"1.99\"");
  }

  @Test
  void compileError() throws IOException {
    String url =
        repo(
            "broken",
            src ->
                write(
                    src.resolve("broken.go"),
                    "package main\n\nfunc broken() { undefinedThing() }\n"));
    Diagnostic d = fails(plan(url, "broken"), "CompileError");
    assertThat(d.message).contains("broken.go line 3");
  }

  @Test
  void cgoWithoutACCompiler() throws IOException {
    String url =
        repo(
            "cgo",
            src ->
                write(
                    src.resolve("c.go"),
                    "package main\n\n// int one() { return 1; }\nimport \"C\"\n\nvar one = C.one()\n"));
    BuildPlan p = plan(url, "cgo");
    p.go.cgo = true;
    Diagnostic d = fails(p, "CgoToolchainMissing");
    assertThat(d.hint).contains("spec.go.cgo: false");
  }

  @Test
  void moduleProxyOnAClosedPort() throws IOException {
    // A version no earlier build put in the shared module cache, so it must be fetched.
    String url =
        repo(
            "noproxy",
            src -> {
              write(
                  src.resolve("go.mod"),
                  read(src.resolve("go.mod"))
                      .replace("github.com/google/uuid v1.6.0", "github.com/google/uuid v1.5.0"));
              write(src.resolve("go.sum"), "");
            });
    BuildPlan p = plan(url, "noproxy");
    p.go.proxy = "http://127.0.0.1:" + FreePort.find();
    Diagnostic d = fails(p, "ModuleProxyUnreachable");
    assertThat(d.hint).startsWith("spec.go.proxy").contains(p.go.proxy);
  }

  @Test
  void moduleVersionThatDoesNotExist() throws IOException {
    String url =
        repo(
            "badver",
            src -> {
              write(
                  src.resolve("go.mod"),
                  read(src.resolve("go.mod"))
                      .replace("github.com/google/uuid v1.6.0", "github.com/google/uuid v1.99.0"));
              write(src.resolve("go.sum"), "");
            });
    Diagnostic d = fails(plan(url, "badver"), "ModuleNotFound");
    assertThat(d.message).contains("github.com/google/uuid").contains("v1.99.0");
  }

  @Test
  void revisionThatDoesNotExistListsTheBranchesAndTagsOverSsh() throws IOException {
    String url = repo("norev", src -> {}, "v1.0.0");
    BuildPlan p = plan(url, "norev");
    p.source.revision = "v9.9.9";
    Diagnostic d = fails(p, "GitRevisionNotFound");
    assertThat(d.hint)
        .as(lastOutput)
        .isEqualTo("spec.source.git.revision: one of main, v1.0.0 (or a full commit SHA)");
  }

  @Test
  void revisionThatDoesNotExistListsTheBranchesAndTagsOfAPublicHttpRepository() throws IOException {
    repo("norev-http", src -> {}, "v2.3.4");
    try (var http = new DumbHttpGitServer(infra.git.dir.resolve("repos"))) {
      BuildPlan p = plan(http.url("diag/norev-http"), "norev-http");
      p.secrets.sshKeyFile = null;
      p.secrets.knownHostsFile = null;
      p.source.revision = "v9.9.9";
      Diagnostic d = fails(p, "GitRevisionNotFound");
      assertThat(d.hint)
          .isEqualTo("spec.source.git.revision: one of main, v2.3.4 (or a full commit SHA)");
    }
  }

  @Test
  void revisionThatDoesNotExistKeepsTheGeneralHintWhenRefsCannotBeListed() throws Exception {
    // A builder image without git: the source step fails as before, the listing cannot run.
    String url = repo("norev-nolist", src -> {}, "v1.0.0");
    BuildPlan p = plan(url, "norev-nolist");
    p.source.revision = "v9.9.9";
    p.go.builderImage = "busybox:latest";
    Plans.Run run = Plans.runner(p, dir);
    Diagnostic d = run.result().diagnostics.get(0);
    assertThat(d.code).as(run.resultJson()).isEqualTo("GitRevisionNotFound");
    assertThat(d.hint)
        .isEqualTo("spec.source.git.revision: an existing branch, tag or full commit SHA");
    assertThat(run.output()).contains("failed; the hint names no branches or tags");
  }

  @Test
  void repositoryThatDoesNotExist() throws IOException {
    String url = repo("exists", src -> {});
    BuildPlan p = plan(url.replace("diag/exists", "diag/missing"), "missing");
    Diagnostic d = fails(p, "GitRepositoryNotFound");
    assertThat(d.hint).startsWith("spec.source.git.url");
  }

  @Test
  void inconsistentVendoring() throws IOException {
    String url =
        repo(
            "vendor",
            src -> {
              write(
                  src.resolve("vendor/modules.txt"),
                  "# github.com/google/uuid v1.5.0\n## explicit\ngithub.com/google/uuid\n");
              write(src.resolve("vendor/github.com/google/uuid/uuid.go"), "package uuid\n");
            });
    Diagnostic d = fails(plan(url, "vendor"), "InconsistentVendoring");
    assertThat(d.hint).contains("go mod vendor");
  }

  @Test
  void pushRefusedByAnAuthenticatingRegistry() throws IOException {
    String registry =
        Cmd.script(
                "hack/registry.sh",
                "start",
                "--port",
                "0",
                "--dir",
                dir.resolve("auth-registry").toString(),
                "--htpasswd",
                "builder:" + UUID.randomUUID())
            .lastLine();
    try {
      String url = repo("push", src -> {});
      BuildPlan p = plan(url, "push");
      p.output.image = registry + "/it/push:latest";
      Diagnostic d = fails(p, "RegistryAuthFailed");
      assertThat(d.hint).startsWith("spec.output.pushSecret");
    } finally {
      Cmd.quietly("hack/registry.sh", "stop", "--dir", dir.resolve("auth-registry").toString());
    }
  }

  @Test
  void privateModuleNotListedInPrivateGoesToThePublicProxy() throws IOException {
    String url = infra.git.publish("examples/fixtures/privateapp", "diag/privateapp", null)[0];
    BuildPlan p = plan(url, "privateapp");
    Diagnostic d = fails(p, "PrivateModuleViaPublicProxy");
    assertThat(d.hint).startsWith("spec.go.private: [\"git.goimage.test/private/*\"]");
  }

  @Test
  void buildOverItsDeadlineIsCancelled() throws Exception {
    // A module proxy that accepts connections and never answers: go mod download hangs.
    try (var blackHole =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String url =
          repo(
              "slow",
              src -> {
                write(
                    src.resolve("go.mod"),
                    read(src.resolve("go.mod"))
                        .replace("github.com/google/uuid v1.6.0", "github.com/google/uuid v1.4.0"));
                write(src.resolve("go.sum"), "");
              });
      BuildPlan p = plan(url, "slow");
      p.go.proxy = "http://127.0.0.1:" + blackHole.getLocalPort();
      p.timeoutSeconds = 20;
      long start = System.nanoTime();
      Plans.Run run = Plans.runner(p, dir);
      assertThat(run.exitCode()).as(run.output()).isNotZero();
      Diagnostic d = run.result().diagnostics.get(0);
      assertThat(d.code).as(run.resultJson()).isEqualTo("BuildTimeout");
      // Where the time went: the hanging download, not a step that never ran.
      assertThat(run.result().timings.get("modules")).as(run.resultJson()).isGreaterThan(10.0);
      assertThat(run.result().timings.get("compile")).isZero();
      assertThat(d.hint)
          .startsWith("spec.timeoutSeconds: raise it above 20")
          .contains("check spec.go.proxy");
      assertThat(d.message).contains("while running [modules] go mod download");
      assertThat(d.step).isEqualTo("modules");
      assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(60);
    }
  }

  @Test
  void sourceKeyTheGitServerDoesNotAccept() throws Exception {
    String url = repo("authsrc", src -> {});
    Path other = dir.resolve("unknown-key");
    Cmd.run(
        java.util.Map.of(),
        true,
        java.util.List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()));
    BuildPlan p = plan(url, "authsrc");
    p.secrets.sshKeyFile = other.toString();
    Diagnostic d = fails(p, "GitAuthFailed");
    assertThat(d.hint).startsWith("spec.secrets.ssh");
  }

  @Test
  void builderImageThatDoesNotExist() throws IOException {
    String url = repo("noimage", src -> {});
    BuildPlan p = plan(url, "noimage");
    p.go.version = "1.19";
    p.go.builderImage = "golang:1.19";
    Diagnostic d = fails(p, "BaseImageNotFound");
    assertThat(d.message).contains("golang:1.19");
  }

  @Test
  void dockerfileThatDoesNotExistListsTheDockerfilesOfTheRepository() throws IOException {
    String url =
        repo(
            "nodockerfile",
            src -> write(src.resolve("deploy/api.Dockerfile"), read(src.resolve("Dockerfile"))));
    BuildPlan p = plan(url, "nodockerfile");
    p.dockerfile = new BuildPlan.Dockerfile();
    p.dockerfile.path = "build/Dockerfile";
    p.output.baseImage = null;
    Diagnostic d = fails(p, "DockerfileNotFound");
    assertThat(d.hint).isEqualTo("spec.dockerfile.path: one of Dockerfile, deploy/api.Dockerfile");
  }

  @Test
  void repositoryWithoutAnyDockerfile() throws IOException {
    String url = repo("nodockerfiles", src -> delete(src.resolve("Dockerfile")));
    BuildPlan p = plan(url, "nodockerfiles");
    p.dockerfile = new BuildPlan.Dockerfile();
    p.dockerfile.path = "Dockerfile";
    p.output.baseImage = null;
    Diagnostic d = fails(p, "DockerfileNotFound");
    assertThat(d.hint).startsWith("spec.dockerfile.path: the repository has no Dockerfile");
  }

  @Test
  void registryNobodyListensOn() throws IOException {
    String url = repo("noregistry", src -> {});
    BuildPlan p = plan(url, "noregistry");
    p.output.image = "127.0.0.1:" + FreePort.find() + "/it/noregistry:latest";
    Diagnostic d = fails(p, "RegistryUnreachable");
    assertThat(d.message).contains(p.output.image);
  }

  @Test
  void changedFileInTheModuleCacheIsRepairedAndReported() throws Exception {
    String url = repo("cache", src -> {});
    BuildPlan p = plan(url, "cache");
    assertThat(Plans.runner(p, dir).exitCode()).isZero();
    corruptModuleCache("github.com/google/uuid@v1.6.0");
    // The modules step sees go.mod and go.sum only: touch go.mod so that it runs again.
    String changed =
        repo(
            "cache-2",
            src -> write(src.resolve("go.mod"), read(src.resolve("go.mod")) + "// changed\n"));
    Plans.Run again = Plans.runner(plan(changed, "cache"), dir);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.result().diagnostics)
        .extracting(d -> d.code + "/" + d.severity)
        .contains("CacheCorrupted/Warning");
  }

  /** Changes a file of a module inside the build's own cache mount, as a broken volume would. */
  private static void corruptModuleCache(String module) throws Exception {
    String path = "/go/pkg/mod/" + module;
    Exec exec =
        Llb.exec(Llb.image("docker.io/library/busybox:latest"))
            .args(
                "/bin/sh",
                "-c",
                "chmod -R u+w " + path + " && echo '// changed' >> " + path + "/uuid.go")
            .env("NONCE", UUID.randomUUID().toString())
            .cwd("/")
            .mountCache("/go/pkg/mod", GoBuildGraph.MOD_CACHE_ID, Exec.Sharing.SHARED);
    try (BuildKitClient client =
        BuildKitClient.connect(BuildKitAddress.parse(infra.buildkit, null))) {
      client.solve(
          SolveSpec.llb(LlbDefinition.of(exec.root(), Platform.parse("linux/amd64"))),
          SessionAttachables.none(),
          ProgressListener.NONE);
    }
  }

  private static void moveAllInto(Path src, String sub) {
    try {
      Path target = src.resolve(sub);
      Files.createDirectories(target);
      try (var files = Files.list(src)) {
        for (Path f : files.toList()) {
          if (!f.equals(target)) {
            Files.move(f, target.resolve(f.getFileName()));
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path f) {
    try {
      Files.delete(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void write(Path f, String content) {
    try {
      Files.createDirectories(f.getParent());
      Files.writeString(f, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
