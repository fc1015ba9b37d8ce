package dev.goimage.buildkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.SolveFailedException;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.llb.Exec;
import dev.goimage.buildkit.llb.GitSource;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.session.SessionAttachables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A git source over SSH from a real sshd, fetched by the daemon through our SSH agent. */
class GitSshIT {
  private static BuildKitClient client;
  private static Path dir;
  private static String port;
  private static Path key;
  private static String knownHosts;
  private static String url;
  private static String content;

  @BeforeAll
  static void start() throws Exception {
    client = TestDaemon.get().client();
    dir = Files.createTempDirectory("goimage-bk-git-");
    Path data = dir.resolve("server");
    String addr =
        Tools.lastLine(
            Tools.run(
                    Map.of(), "hack/gitserver.sh", "start", "--port", "0", "--dir", data.toString())
                .output());
    port = addr.substring(addr.lastIndexOf(':') + 1);
    key =
        Path.of(
            Tools.lastLine(
                Tools.run(
                        Map.of(),
                        "hack/gitserver.sh",
                        "keygen",
                        "--port",
                        port,
                        "--dir",
                        data.toString())
                    .output()));
    knownHosts =
        Tools.lastLine(
            Tools.run(
                    Map.of(),
                    "hack/gitserver.sh",
                    "known-hosts",
                    "--port",
                    port,
                    "--dir",
                    data.toString())
                .output());
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    content = "hello " + UUID.randomUUID();
    Files.writeString(src.resolve("hello.txt"), content);
    Files.writeString(
        src.resolve("Dockerfile"),
        "FROM busybox\nCOPY hello.txt /hello.txt\nRUN test \"$(cat /hello.txt)\" = '"
            + content
            + "'\n");
    String[] published =
        Tools.run(
                Map.of(),
                "hack/gitserver.sh",
                "publish",
                src.toString(),
                "app",
                "--tag",
                "v1",
                "--port",
                port,
                "--dir",
                data.toString())
            .output()
            .strip()
            .split("\n");
    url = published[published.length - 2].strip();
  }

  @AfterAll
  static void stop() {
    client.close();
    Tools.run(
        Map.of(),
        false,
        "hack/gitserver.sh",
        "stop",
        "--port",
        port,
        "--dir",
        dir.resolve("server").toString());
    Tools.deleteTree(dir);
  }

  private static LlbDefinition readHello(String hosts) {
    Exec exec =
        Llb.exec(Llb.image("busybox"))
            .args("/bin/sh", "-c", "test \"$(cat /src/hello.txt)\" = '" + content + "'")
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .mountReadonly(
                "/src", Llb.git(GitSource.of(url).ref("v1").knownSshHosts(hosts), "git clone"))
            .name("check checkout");
    return LlbDefinition.of(exec.root(), Platform.LINUX_AMD64);
  }

  @Test
  void clonesOverSshWithOurAgentAndKnownHosts() {
    var r =
        client.solve(
            SolveSpec.llb(readHello(knownHosts)),
            SessionAttachables.builder().sshAgent("default", key).build(),
            ProgressListener.NONE);
    assertThat(r.progress().vertexes())
        .anySatisfy(v -> assertThat(v.name()).isEqualTo("check checkout"));
    assertThat(r.progress().failedVertex()).isEmpty();
  }

  @Test
  void dockerfileFrontendBuildsAGitContextOverSsh() {
    var r =
        client.solve(
            SolveSpec.frontend("dockerfile.v0")
                .frontendAttr("context", url + "#v1")
                .frontendAttr("filename", "Dockerfile"),
            SessionAttachables.builder().sshAgent("default", key).build(),
            ProgressListener.NONE);
    assertThat(r.progress().vertexes()).anySatisfy(v -> assertThat(v.name()).contains("RUN test"));
    assertThat(r.progress().failedVertex()).isEmpty();
  }

  @Test
  void anUnknownHostKeyIsRefused() {
    String wrong =
        knownHosts.substring(0, knownHosts.indexOf("ssh-ed25519"))
            + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqWZ7K5y8cQ8C0mV1Rk3lq0p1o2n3m4l5k6j7h8g9f0";
    assertThatThrownBy(
            () ->
                client.solve(
                    SolveSpec.llb(readHello(wrong)),
                    SessionAttachables.builder().sshAgent("default", key).build(),
                    ProgressListener.NONE))
        .isInstanceOf(SolveFailedException.class)
        .hasMessageContaining("git");
  }
}
