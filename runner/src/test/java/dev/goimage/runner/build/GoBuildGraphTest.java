package dev.goimage.runner.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.EnvVar;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.proto.pb.ExecOp;
import dev.goimage.buildkit.proto.pb.Mount;
import dev.goimage.buildkit.proto.pb.MountType;
import dev.goimage.buildkit.proto.pb.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoBuildGraphTest {
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final SourceInfo INFO =
      new SourceInfo(
          COMMIT, Instant.parse("2024-05-01T10:00:00Z"), "example.com/acme/api/v2", "go1.26.8");

  @TempDir Path tmp;
  BuildPlan plan;

  @BeforeEach
  void plan() throws Exception {
    plan = new BuildPlan();
    plan.source.gitUrl = "git@git.example.com:acme/api.git";
    plan.source.revision = "v1.2.3";
    plan.source.moduleRoot = "services/api";
    plan.source.packagePath = "./cmd/api";
    plan.go.version = "1.26";
    plan.go.builderImage = "golang:1.26";
    plan.go.proxy = "https://goproxy.example.com,direct";
    plan.go.privateModules.add("git.example.com/acme/*");
    plan.go.tags.add("netgo");
    plan.go.ldflags.addAll(List.of("-s", "-X main.version=v1.2.3"));
    plan.go.platforms.add("linux/amd64");
    plan.output.image = "registry.example.com/acme/api:v1";
    plan.output.baseImage = "scratch";
    plan.output.insecure = true;
    plan.output.labels.put("team", "payments");
    Path kh = tmp.resolve("known_hosts");
    Files.writeString(kh, "git.example.com ssh-ed25519 AAAAC3Nza\n");
    plan.secrets.knownHostsFile = kh.toString();
    plan.secrets.sshKeyFile = tmp.resolve("id").toString();
    plan.secrets.netrcFile = tmp.resolve("netrc").toString();
  }

  private static List<Op> ops(LlbDefinition def) throws InvalidProtocolBufferException {
    List<Op> ops = new ArrayList<>();
    for (var bytes : def.toProto().getDefList()) {
      ops.add(Op.parseFrom(bytes));
    }
    return ops;
  }

  private static ExecOp exec(List<Op> ops, String argContains) {
    return ops.stream()
        .filter(Op::hasExec)
        .map(Op::getExec)
        .filter(e -> String.join(" ", e.getMeta().getArgsList()).contains(argContains))
        .findFirst()
        .orElseThrow();
  }

  private static Mount mount(ExecOp e, String dest) {
    return e.getMountsList().stream()
        .filter(m -> m.getDest().equals(dest))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void modulesStepHasCachesSshAgentNetrcAndInsteadOfRules() throws Exception {
    var g = new GoBuildGraph(plan, Platform.LINUX_AMD64).build(INFO);
    ExecOp modules = exec(ops(g.definition()), "go mod download -x");

    assertThat(modules.getMeta().getArgsList().get(2)).contains("go mod verify");
    assertThat(modules.getMeta().getCwd()).isEqualTo("/src/services/api");
    assertThat(mount(modules, "/go/pkg/mod").getMountType()).isEqualTo(MountType.CACHE);
    assertThat(mount(modules, "/go/pkg/mod").getCacheOpt().getID()).isEqualTo("goimage-gomod");
    assertThat(mount(modules, "/go/cache/go-build").getCacheOpt().getID())
        .isEqualTo("goimage-gobuild");
    assertThat(mount(modules, "/src").getReadonly()).isTrue();
    assertThat(mount(modules, "/run/buildkit/ssh_agent.0").getMountType()).isEqualTo(MountType.SSH);
    Mount netrc = mount(modules, "/home/builder/.netrc");
    assertThat(netrc.getMountType()).isEqualTo(MountType.SECRET);
    assertThat(netrc.getSecretOpt().getID()).isEqualTo("netrc");
    assertThat(netrc.getSecretOpt().getMode()).isEqualTo(0400);
    assertThat(mount(modules, "/run/goimage/ssh").getReadonly()).isTrue();

    assertThat(modules.getMeta().getEnvList())
        .contains(
            "PATH=" + GoEnv.PATH,
            "GOPATH=/go",
            "GOTOOLCHAIN=local",
            "GOMODCACHE=/go/pkg/mod",
            "GOCACHE=/go/cache/go-build",
            "GOPROXY=https://goproxy.example.com,direct",
            "GOPRIVATE=git.example.com/acme/*",
            "GONOSUMDB=git.example.com/acme/*",
            "CGO_ENABLED=0",
            "GOOS=linux",
            "GOARCH=amd64",
            "SSH_AUTH_SOCK=/run/buildkit/ssh_agent.0",
            "GIT_CONFIG_COUNT=1",
            "GIT_CONFIG_KEY_0=url.ssh://git@git.example.com/.insteadOf",
            "GIT_CONFIG_VALUE_0=https://git.example.com/");
    assertThat(String.join(" ", modules.getMeta().getEnvList()))
        .contains("GIT_SSH_COMMAND=ssh -o UserKnownHostsFile=/run/goimage/ssh/known_hosts")
        .contains("StrictHostKeyChecking=yes");
  }

  @Test
  void compileStepBuildsThePackageIntoAScratchMountWithoutSecrets() throws Exception {
    var g = new GoBuildGraph(plan, Platform.LINUX_AMD64).build(INFO);
    ExecOp compile = exec(ops(g.definition()), "go build");

    assertThat(compile.getMeta().getArgsList())
        .containsExactly(
            "go",
            "build",
            "-trimpath",
            "-tags",
            "netgo",
            "-ldflags",
            "-s -X main.version=v1.2.3",
            "-o",
            "/out/api",
            "./cmd/api");
    Mount out = mount(compile, "/out");
    assertThat(out.getInput()).isEqualTo(-1);
    assertThat(out.getOutput()).isGreaterThanOrEqualTo(0);
    assertThat(compile.getMountsList()).noneMatch(m -> m.getMountType() == MountType.SECRET);
    assertThat(compile.getMountsList()).noneMatch(m -> m.getMountType() == MountType.SSH);
    assertThat(g.binary()).isEqualTo("api");
  }

  @Test
  void gitSourceIsPinnedToTheCommitAndVerifiesHostKeys() throws Exception {
    var ops = ops(new GoBuildGraph(plan, Platform.LINUX_AMD64).build(INFO).definition());
    var git =
        ops.stream()
            .filter(o -> o.hasSource() && o.getSource().getIdentifier().startsWith("git://"))
            .findFirst()
            .orElseThrow()
            .getSource();

    assertThat(git.getIdentifier()).isEqualTo("git://git.example.com/acme/api.git#v1.2.3");
    assertThat(git.getAttrsMap())
        .containsEntry("git.fullurl", "git@git.example.com:acme/api.git")
        .containsEntry("git.checksum", COMMIT)
        .containsEntry("git.knownsshhosts", "git.example.com ssh-ed25519 AAAAC3Nza\n")
        .containsEntry("git.mountsshsock", "default");
    assertThat(ops)
        .anyMatch(
            o ->
                o.hasSource()
                    && o.getSource()
                        .getIdentifier()
                        .equals("docker-image://docker.io/library/golang:1.26"));
  }

  @Test
  void finalImageIsScratchWithBinaryCertificatesAndNonRootUser() throws Exception {
    var ops = ops(new GoBuildGraph(plan, Platform.LINUX_AMD64).build(INFO).definition());
    var file = ops.stream().filter(Op::hasFile).reduce((a, b) -> b).orElseThrow().getFile();
    List<String> paths = new ArrayList<>();
    file.getActionsList()
        .forEach(
            a -> {
              if (a.hasMkfile()) {
                paths.add(
                    "mkfile "
                        + a.getMkfile().getPath()
                        + " "
                        + a.getMkfile().getData().toStringUtf8());
              } else if (a.hasCopy()) {
                paths.add("copy " + a.getCopy().getSrc() + " -> " + a.getCopy().getDest());
              }
            });
    assertThat(paths)
        .anyMatch(p -> p.startsWith("mkfile /etc/passwd") && p.contains("nonroot:x:65532:65532"));
    assertThat(paths)
        .contains("copy /etc/ssl/certs/ca-certificates.crt -> /etc/ssl/certs/ca-certificates.crt");
    assertThat(paths).contains("copy /api -> /api");
    assertThat(file.getActions(0).getInput()).isEqualTo(-1); // scratch
  }

  @Test
  void imageConfigCarriesEntrypointUserLabelsAndCommitTime() throws Exception {
    var graph = new GoBuildGraph(plan, Platform.LINUX_AMD64);
    String json =
        ImageExport.config(Platform.LINUX_AMD64, "api", graph.labels(INFO), INFO.commitTime());
    var node = Json.mapper().readTree(json);

    assertThat(node.get("created").asText()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(node.get("architecture").asText()).isEqualTo("amd64");
    assertThat(node.at("/config/Entrypoint/0").asText()).isEqualTo("/api");
    assertThat(node.at("/config/User").asText()).isEqualTo("65532:65532");
    assertThat(node.at("/config/WorkingDir").asText()).isEqualTo("/");
    assertThat(node.at("/config/Env/0").asText()).startsWith("PATH=");
    assertThat(node.at("/config/Labels/team").asText()).isEqualTo("payments");
    assertThat(node.at("/config/Labels/org.opencontainers.image.revision").asText())
        .isEqualTo(COMMIT);
    assertThat(node.at("/config/Labels/org.opencontainers.image.source").asText())
        .isEqualTo("git@git.example.com:acme/api.git");
  }

  @Test
  void exporterPushesWithTheCommitTimeAsEpoch() {
    var e = ImageExport.exporter(plan, INFO.commitTime(), "{}");
    assertThat(e.type()).isEqualTo("image");
    assertThat(e.attrs())
        .containsEntry("name", "registry.example.com/acme/api:v1")
        .containsEntry("push", "true")
        .containsEntry("registry.insecure", "true")
        .containsEntry("source-date-epoch", Long.toString(INFO.commitTime().getEpochSecond()))
        .containsEntry("rewrite-timestamp", "true")
        .containsEntry("containerimage.config", "{}");
  }

  @Test
  void theSameCommitGivesTheSameGraph() {
    var a = new GoBuildGraph(plan, Platform.LINUX_AMD64).build(INFO).definition().digests();
    var b = new GoBuildGraph(plan, Platform.LINUX_AMD64).build(INFO).definition().digests();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void probeAlwaysRunsAndReadsTheGitDir() throws Exception {
    var g = new GoBuildGraph(plan, Platform.LINUX_AMD64);
    var p1 = g.probe("one");
    var p2 = g.probe("two");
    assertThat(p1.definition().digests()).isNotEqualTo(p2.definition().digests());
    var ops = ops(p1.definition());
    assertThat(ops)
        .anyMatch(
            o -> o.hasSource() && "true".equals(o.getSource().getAttrsMap().get("git.keepgitdir")));
    ExecOp probe = exec(ops, "rev-parse HEAD");
    assertThat(probe.getMeta().getArgs(2))
        .contains("services/api/go.mod")
        .contains("go env GOVERSION");
  }

  @Test
  void probeListsDockerfilesInDockerfileModeOnly() throws Exception {
    String nativeScript =
        exec(ops(new GoBuildGraph(plan, Platform.LINUX_AMD64).probe("n").definition()), "rev-parse")
            .getMeta()
            .getArgs(2);
    assertThat(nativeScript).doesNotContain("goimage:dockerfile");
    plan.dockerfile = new BuildPlan.Dockerfile();
    String dockerfileScript =
        exec(ops(new GoBuildGraph(plan, Platform.LINUX_AMD64).probe("n").definition()), "rev-parse")
            .getMeta()
            .getArgs(2);
    assertThat(dockerfileScript).contains(GoBuildGraph.DOCKERFILES);
  }

  @Test
  void refListingUsesTheSourceCredentialsAndKeepsTheUrlOutOfTheCommand() throws Exception {
    plan.source.gitUrl = "https://builder:s3cr3t-token@git.example.com/acme/api.git";
    var listing = GitRefList.listing(plan, Platform.LINUX_AMD64, "one");
    assertThat(listing.definition().digests())
        .isNotEqualTo(GitRefList.listing(plan, Platform.LINUX_AMD64, "two").definition().digests());
    ExecOp ls = exec(ops(listing.definition()), "git ls-remote");
    assertThat(String.join(" ", ls.getMeta().getArgsList())).doesNotContain("s3cr3t");
    assertThat(listing.exec().customName())
        .isEqualTo("[source] git ls-remote https://git.example.com/acme/api.git")
        .doesNotContain("s3cr3t");
    assertThat(ls.getMeta().getEnvList())
        .contains("GOIMAGE_GIT_URL=" + plan.source.gitUrl)
        .contains("GIT_SSH_COMMAND=" + GoEnv.GIT_SSH_COMMAND)
        .contains("GIT_TERMINAL_PROMPT=0")
        .noneMatch(e -> e.startsWith("GIT_CONFIG_"));
    assertThat(mount(ls, "/run/buildkit/ssh_agent.0").getMountType()).isEqualTo(MountType.SSH);
    assertThat(mount(ls, "/home/builder/.netrc").getSecretOpt().getID()).isEqualTo("netrc");
    assertThat(mount(ls, GoEnv.SSH_DIR).getReadonly()).isTrue();
  }

  @Test
  void noSshMountsWithoutAKeyAndNoKnownHostsMountWithoutKnownHosts() throws Exception {
    plan.secrets.sshKeyFile = null;
    plan.secrets.netrcFile = null;
    plan.secrets.knownHostsFile = null;
    plan.source.gitUrl = "https://git.example.com/acme/api.git";
    ExecOp modules =
        exec(
            ops(new GoBuildGraph(plan, Platform.LINUX_AMD64).build(INFO).definition()),
            "go mod download");
    assertThat(modules.getMountsList())
        .extracting(Mount::getDest)
        .containsExactly("/", "/go/cache/go-build", "/go/pkg/mod", "/src");
  }

  @Test
  void binaryNames() {
    plan.source.packagePath = ".";
    var g = new GoBuildGraph(plan, Platform.LINUX_AMD64);
    assertThat(g.binaryName("example.com/acme/api/v2")).isEqualTo("api");
    assertThat(g.binaryName("git.goimage.test/private/greeting.git")).isEqualTo("greeting");
    assertThat(g.binaryName(null)).isEqualTo("app");
  }

  @Test
  void specGitConfigEntriesComeFirstSoTheyWin() {
    var env =
        GitRules.merge(
            List.of(
                new EnvVar("GOFLAGS", "-mod=readonly"),
                new EnvVar("GIT_CONFIG_COUNT", "1"),
                new EnvVar("GIT_CONFIG_KEY_0", "url.ssh://git@127.0.0.1:2222/.insteadOf"),
                new EnvVar("GIT_CONFIG_VALUE_0", "https://git.goimage.test/")),
            List.of("git.goimage.test", "*.corp/x", "github.com/acme/*"));
    assertThat(env)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "GOFLAGS", "-mod=readonly",
                "GIT_CONFIG_COUNT", "3",
                "GIT_CONFIG_KEY_0", "url.ssh://git@127.0.0.1:2222/.insteadOf",
                "GIT_CONFIG_VALUE_0", "https://git.goimage.test/",
                "GIT_CONFIG_KEY_1", "url.ssh://git@git.goimage.test/.insteadOf",
                "GIT_CONFIG_VALUE_1", "https://git.goimage.test/",
                "GIT_CONFIG_KEY_2", "url.ssh://git@github.com/.insteadOf",
                "GIT_CONFIG_VALUE_2", "https://github.com/"));
  }
}
