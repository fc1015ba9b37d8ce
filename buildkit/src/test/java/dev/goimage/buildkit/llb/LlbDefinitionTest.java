package dev.goimage.buildkit.llb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.goimage.buildkit.proto.pb.Definition;
import dev.goimage.buildkit.proto.pb.ExecOp;
import dev.goimage.buildkit.proto.pb.Mount;
import dev.goimage.buildkit.proto.pb.MountType;
import dev.goimage.buildkit.proto.pb.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LlbDefinitionTest {

  /** A Go-build-shaped graph; attrs inserted in the given order. */
  private static State goBuild(List<String> attrOrder) {
    Map<String, String> attrs = new LinkedHashMap<>();
    for (String k : attrOrder) {
      attrs.put(k, "v-" + k);
    }
    State src = Llb.source("git://example.com/org/app.git#main", attrs, "checkout");
    State go = Llb.image("golang:1.26");
    Exec build =
        Llb.exec(go)
            .args("/bin/sh", "-c", "go build -o /out/app .")
            .env("PATH", "/usr/local/go/bin:/usr/bin:/bin")
            .cwd("/src")
            .mountScratch("/out")
            .mountCache("/cache/go-build", "gobuild", Exec.Sharing.SHARED)
            .mountReadonly("/src", src)
            .mountCache("/go/pkg/mod", "gomod", Exec.Sharing.LOCKED)
            .mountSecret("/run/secrets/netrc", "netrc")
            .mountSsh("default", "/run/buildkit/ssh_agent.0")
            .name("go build");
    return Llb.file(State.scratch())
        .copy(build.output("/out"), "/app", "/app")
        .mkfile("/etc/passwd", 0644, "app:x:65532:65532::/:/sbin/nologin\n")
        .name("assemble")
        .state();
  }

  @Test
  void sameGraphGivesSameBytesAndDigestsWhateverTheMapInsertionOrder() {
    LlbDefinition a = LlbDefinition.of(goBuild(List.of("a", "b", "c", "d")), Platform.LINUX_AMD64);
    LlbDefinition b = LlbDefinition.of(goBuild(List.of("d", "c", "a", "b")), Platform.LINUX_AMD64);

    assertThat(a.digests()).isEqualTo(b.digests());
    assertThat(a.toProto().getDefList()).isEqualTo(b.toProto().getDefList());
    assertThat(LlbDefinition.deterministicBytes(a.toProto()))
        .isEqualTo(LlbDefinition.deterministicBytes(b.toProto()));
  }

  @Test
  void deterministicBytesDoNotDependOnProtobufMapInsertionOrder() {
    Op.Builder a = Op.newBuilder();
    Op.Builder b = Op.newBuilder();
    a.getSourceBuilder()
        .setIdentifier("x")
        .putAttrs("z", "1")
        .putAttrs("a", "2")
        .putAttrs("m", "3");
    b.getSourceBuilder()
        .setIdentifier("x")
        .putAttrs("m", "3")
        .putAttrs("a", "2")
        .putAttrs("z", "1");
    assertThat(a.build().toByteArray()).isNotEqualTo(b.build().toByteArray());
    assertThat(LlbDefinition.deterministicBytes(a.build()))
        .isEqualTo(LlbDefinition.deterministicBytes(b.build()));
  }

  @Test
  void digestsAreSha256OfExactlyTheBytesSent() {
    LlbDefinition def = LlbDefinition.of(goBuild(List.of("x")), Platform.LINUX_AMD64);
    List<ByteString> ops = def.toProto().getDefList();
    for (int i = 0; i < ops.size(); i++) {
      assertThat(LlbDefinition.sha256Digest(ops.get(i).toByteArray()))
          .isEqualTo(def.digests().get(i));
    }
    assertThat(def.toProto().getMetadataMap().keySet())
        .containsExactlyInAnyOrderElementsOf(def.digests());
  }

  @Test
  void opsComeInputsFirstAndEndWithATerminalOp() throws Exception {
    LlbDefinition def = LlbDefinition.of(goBuild(List.of("x")), Platform.LINUX_AMD64);
    Definition proto = def.toProto();
    Set<String> seen = new HashSet<>();
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < proto.getDefCount(); i++) {
      Op op = Op.parseFrom(proto.getDef(i));
      op.getInputsList().forEach(in -> assertThat(seen).contains(in.getDigest()));
      seen.add(def.digests().get(i));
      ops.add(op);
    }
    assertThat(ops).hasSize(5); // git, image, exec, file, terminal
    Op terminal = ops.get(ops.size() - 1);
    assertThat(terminal.getOpCase()).isEqualTo(Op.OpCase.OP_NOT_SET);
    assertThat(terminal.hasPlatform()).isFalse();
    assertThat(terminal.getInputsList()).hasSize(1);
    assertThat(terminal.getInputs(0).getDigest()).isEqualTo(def.digests().get(ops.size() - 2));
    assertThat(terminal.getInputs(0).getIndex()).isZero();
    assertThat(proto.getMetadataMap().get(def.digests().get(3)).getDescriptionMap())
        .containsEntry("llb.customname", "assemble");
  }

  @Test
  void platformOnImagesAndExecsOnly() throws Exception {
    LlbDefinition def = LlbDefinition.of(goBuild(List.of("x")), Platform.LINUX_AMD64);
    for (ByteString bytes : def.toProto().getDefList()) {
      Op op = Op.parseFrom(bytes);
      boolean platformSpecific =
          op.hasExec()
              || (op.hasSource() && op.getSource().getIdentifier().startsWith("docker-image://"));
      assertThat(op.hasPlatform()).as(op.getOpCase().toString()).isEqualTo(platformSpecific);
      if (platformSpecific) {
        assertThat(op.getPlatform().getOS()).isEqualTo("linux");
        assertThat(op.getPlatform().getArchitecture()).isEqualTo("amd64");
      }
    }
  }

  @Test
  void execMountsSortedByDestWithGoOutputRules() throws Exception {
    LlbDefinition def = LlbDefinition.of(goBuild(List.of("x")), Platform.LINUX_AMD64);
    Op exec = Op.parseFrom(def.toProto().getDef(2));
    ExecOp e = exec.getExec();
    List<String> dests = e.getMountsList().stream().map(Mount::getDest).toList();
    assertThat(dests)
        .containsExactly(
            "/",
            "/cache/go-build",
            "/go/pkg/mod",
            "/out",
            "/src",
            "/run/secrets/netrc",
            "/run/buildkit/ssh_agent.0");
    Mount root = e.getMounts(0);
    assertThat(root.getInput()).isZero();
    assertThat(root.getOutput()).isZero();
    Mount gomod = e.getMounts(2);
    assertThat(gomod.getMountType()).isEqualTo(MountType.CACHE);
    assertThat(gomod.getCacheOpt().getID()).isEqualTo("gomod");
    assertThat(gomod.getOutput()).isEqualTo(-1);
    assertThat(gomod.getInput()).isEqualTo(-1);
    Mount out = e.getMounts(3);
    assertThat(out.getInput()).isEqualTo(-1);
    assertThat(out.getOutput()).isEqualTo(1);
    Mount src = e.getMounts(4);
    assertThat(src.getReadonly()).isTrue();
    assertThat(src.getInput()).isEqualTo(1);
    assertThat(src.getOutput()).isEqualTo(-1);
    Mount secret = e.getMounts(5);
    assertThat(secret.getMountType()).isEqualTo(MountType.SECRET);
    assertThat(secret.getSecretOpt().getMode()).isEqualTo(0400);
    assertThat(secret.getOutput()).isZero();
    Mount ssh = e.getMounts(6);
    assertThat(ssh.getMountType()).isEqualTo(MountType.SSH);
    assertThat(ssh.getSSHOpt().getID()).isEqualTo("default");
    assertThat(e.getMeta().getEnvList()).contains("SSH_AUTH_SOCK=/run/buildkit/ssh_agent.0");
    assertThat(e.getMeta().getRemoveMountStubsRecursive()).isTrue();

    // The copy reads exec output 1 (/out).
    Op file = Op.parseFrom(def.toProto().getDef(3));
    assertThat(file.getInputs(0).getDigest()).isEqualTo(def.digests().get(2));
    assertThat(file.getInputs(0).getIndex()).isEqualTo(1);
    var actions = file.getFile().getActionsList();
    assertThat(actions.get(0).getInput()).isEqualTo(-1);
    assertThat(actions.get(0).getSecondaryInput()).isZero();
    assertThat(actions.get(0).getOutput()).isEqualTo(-1);
    assertThat(actions.get(1).getInput()).isEqualTo(1); // inputs(1) + action 0
    assertThat(actions.get(1).getSecondaryInput()).isEqualTo(-1);
    assertThat(actions.get(1).getOutput()).isZero();
  }

  @Test
  void identicalVertexesAreSentOnce() {
    State a = Llb.image("busybox");
    State b = Llb.image("docker.io/library/busybox:latest");
    Exec e = Llb.exec(a).args("true").mountReadonly("/b", b);
    LlbDefinition def = LlbDefinition.of(e.root(), Platform.LINUX_AMD64);
    assertThat(def.digests()).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void gitSourceIdentifierAndSshAttrsFollowGo() {
    SourceVertex v =
        GitSource.of("git@github.com:org/repo.git")
            .ref("v1.2.3")
            .subdir("cmd/app")
            .knownSshHosts("github.com ssh-ed25519 AAAA")
            .toVertex();
    assertThat(v.identifier()).isEqualTo("git://github.com/org/repo.git#v1.2.3:cmd/app");
    assertThat(v.attrs())
        .containsEntry("git.fullurl", "git@github.com:org/repo.git")
        .containsEntry("git.mountsshsock", "default")
        .containsEntry("git.knownsshhosts", "github.com ssh-ed25519 AAAA")
        .containsEntry("git.authtokensecret", "GIT_AUTH_TOKEN");
    SourceVertex https = GitSource.of("https://example.com/org/repo.git").toVertex();
    assertThat(https.identifier()).isEqualTo("git://example.com/org/repo.git");
    assertThat(https.attrs()).doesNotContainKey("git.mountsshsock");
  }

  @Test
  void imageRefsNormaliseLikeDocker() {
    assertThat(ImageRef.normalize("busybox")).isEqualTo("docker.io/library/busybox:latest");
    assertThat(ImageRef.normalize("golang:1.26")).isEqualTo("docker.io/library/golang:1.26");
    assertThat(ImageRef.normalize("org/app")).isEqualTo("docker.io/org/app:latest");
    assertThat(ImageRef.normalize("127.0.0.1:5000/x/y:1")).isEqualTo("127.0.0.1:5000/x/y:1");
    assertThat(ImageRef.normalize("localhost/x@sha256:ab")).isEqualTo("localhost/x@sha256:ab");
  }

  @Test
  void imageConfigJson() {
    String json =
        new ImageConfig(Platform.LINUX_AMD64)
            .entrypoint("/app")
            .env("PATH", "/bin")
            .user("65532:65532")
            .label("b", "2")
            .label("a", "1")
            .toJson();
    assertThat(json)
        .isEqualTo(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/app\"],"
                + "\"Env\":[\"PATH=/bin\"],\"User\":\"65532:65532\",\"WorkingDir\":\"/\","
                + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"}}}");
  }
}
