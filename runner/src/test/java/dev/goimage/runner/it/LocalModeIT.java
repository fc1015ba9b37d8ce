package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code goimage build -f}: the GoImageBuild YAML with secrets from flags. */
class LocalModeIT {
  private static Infra infra;
  private static Path dir;
  private static Path yaml;
  private static Path knownHosts;

  @BeforeAll
  static void start() throws Exception {
    infra = Infra.get();
    dir = Files.createTempDirectory(infra.base, "local-");
    String url = infra.git.publish("examples/hello", "hello-local", null)[0];
    knownHosts = infra.git.writeKnownHosts(dir.resolve("known_hosts"));
    yaml = dir.resolve("goimagebuild.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "apiVersion: goimage.dev/v1alpha1",
            "kind: GoImageBuild",
            "metadata:",
            "  name: hello-local",
            "spec:",
            "  source:",
            "    git:",
            "      url: " + url,
            "  secrets:",
            "    ssh:",
            "      secretName: git-ssh",
            "      knownHostsKey: known_hosts",
            "  output:",
            "    image: " + infra.registry + "/it/hello-local:v1",
            "    insecure: true",
            ""));
  }

  @Test
  void buildsTheYamlAndPrintsTheImageWithItsDigest() throws Exception {
    Cmd.Result r =
        Cmd.goimage(
            "build",
            "-f",
            yaml.toString(),
            "--ssh-key",
            infra.git.key.toString(),
            "--known-hosts",
            knownHosts.toString(),
            "--buildkit",
            infra.buildkit);

    assertThat(r.exitCode()).as(r.output()).isZero();
    String digest = new Registry(infra.registry, null).manifestDigest("it/hello-local", "v1");
    assertThat(r.output()).contains("image: " + infra.registry + "/it/hello-local:v1@" + digest);
    new Secrets().file(infra.git.key).assertAbsent("output", r.output());
  }

  @Test
  void namesTheMissingFlagAndTheSpecField() {
    Cmd.Result r = Cmd.goimage("build", "-f", yaml.toString(), "--buildkit", infra.buildkit);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output())
        .contains("spec.secrets.ssh")
        .contains("--ssh-key")
        .contains("--known-hosts");
  }

  @Test
  void anUnreachableDaemonIsBuildKitUnavailableNamingTheAddress() throws Exception {
    String addr = "unix://" + dir.resolve("no-such-buildkitd.sock");
    Cmd.Result r =
        Cmd.goimage(
            "build",
            "-f",
            yaml.toString(),
            "--ssh-key",
            infra.git.key.toString(),
            "--known-hosts",
            knownHosts.toString(),
            "--buildkit",
            addr,
            "--result",
            dir.resolve("unavailable.json").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).contains("BuildKitUnavailable").contains(addr);
    assertThat(Files.readString(dir.resolve("unavailable.json")))
        .contains("\"code\":\"BuildKitUnavailable\"");
  }
}
