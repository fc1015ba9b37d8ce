package dev.goimage.buildkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.SolveFailedException;
import dev.goimage.buildkit.SolveResult;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.llb.Exec;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.progress.VertexProgress;
import dev.goimage.buildkit.session.SessionAttachables;
import dev.goimage.buildkit.session.ssh.OpenSshKeys;
import dev.goimage.buildkit.session.ssh.SshKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets and SSH agent forwarding served by our session to RUN steps of a real buildkitd. */
class SessionIT {
  private static final String PATH =
      "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static BuildKitClient client;

  @BeforeAll
  static void connect() {
    client = TestDaemon.get().client();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** busybox RUN that succeeds only if the secret file and env var hash to {@code expected}. */
  private static LlbDefinition checkSecret(String expected) {
    String script =
        "test \"$(sha256sum < /run/secrets/token | cut -c1-64)\" = \""
            + expected
            + "\" && test \"$(printf %s \"$TOKEN\" | sha256sum | cut -c1-64)\" = \""
            + expected
            + "\" && echo secret-ok";
    Exec exec =
        Llb.exec(Llb.image("busybox"))
            .args("/bin/sh", "-c", script)
            .env("PATH", PATH)
            .env("RUN_ID", UUID.randomUUID().toString()) // never a cache hit
            .mountSecret("/run/secrets/token", "token")
            .secretEnv("token", "TOKEN", false)
            .name("check secret");
    return LlbDefinition.of(exec.root(), Platform.LINUX_AMD64);
  }

  @Test
  void secretMountAndEnvAreServedByOurSecretsService() throws Exception {
    byte[] secret = ("tok-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    List<String> logs = new CopyOnWriteArrayList<>();
    SolveResult r =
        client.solve(
            SolveSpec.llb(checkSecret(sha256(secret))),
            SessionAttachables.builder().secret("token", secret).build(),
            logCollector(logs));
    assertThat(logs).contains("secret-ok");
    assertThat(String.join("\n", logs)).doesNotContain(new String(secret, StandardCharsets.UTF_8));
    assertThat(r.progress().failedVertex()).isEmpty();
  }

  @Test
  void sessionOutlivesTheDaemonsHealthChecks() throws Exception {
    // The daemon checks our health service every 5 s and drops the session after two failures:
    // a secret needed only after 16 s proves the session (and its health answers) held.
    byte[] secret = ("late-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    Exec wait =
        Llb.exec(Llb.image("busybox"))
            .args("/bin/sh", "-c", "sleep 16")
            .env("PATH", PATH)
            .env("RUN_ID", UUID.randomUUID().toString())
            .name("wait");
    Exec late =
        Llb.exec(wait.root())
            .args(
                "/bin/sh",
                "-c",
                "test \"$(sha256sum < /run/secrets/late | cut -c1-64)\" = " + sha256(secret))
            .env("PATH", PATH)
            .mountSecret("/run/secrets/late", "late")
            .name("use secret late");
    SolveResult r =
        client.solve(
            SolveSpec.llb(LlbDefinition.of(late.root(), Platform.LINUX_AMD64)),
            SessionAttachables.builder().secret("late", secret).build(),
            ProgressListener.NONE);
    assertThat(r.duration()).isGreaterThan(java.time.Duration.ofSeconds(16));
    assertThat(r.progress().vertexes())
        .anySatisfy(v -> assertThat(v.name()).isEqualTo("use secret late"));
  }

  @Test
  void wrongOrMissingSecretFailsTheStep() throws Exception {
    byte[] secret = "right".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                client.solve(
                    SolveSpec.llb(checkSecret(sha256(secret))),
                    SessionAttachables.builder().secret("token", "wrong".getBytes()).build(),
                    ProgressListener.NONE))
        .isInstanceOf(SolveFailedException.class)
        .hasMessageContaining("check secret");
    assertThatThrownBy(
            () ->
                client.solve(
                    SolveSpec.llb(checkSecret(sha256(secret))),
                    SessionAttachables.none(),
                    ProgressListener.NONE))
        .isInstanceOf(SolveFailedException.class)
        .hasMessageContaining("secret token: not found");
  }

  @Test
  void sshMountListsAndSignsWithOurKeys(@TempDir Path dir) throws Exception {
    Path ed = keygen(dir, "ed25519");
    Path rsa = keygen(dir, "rsa");
    SshKey edKey = OpenSshKeys.read(ed);
    SshKey rsaKey = OpenSshKeys.read(rsa);
    assertThat(edKey.fingerprint())
        .isEqualTo(fingerprintFromSshKeygen(ed.resolveSibling(ed.getFileName() + ".pub")));
    assertThat(rsaKey.fingerprint())
        .isEqualTo(fingerprintFromSshKeygen(rsa.resolveSibling(rsa.getFileName() + ".pub")));

    // ssh-add lists both; ssh-keygen -Y sign has the agent sign (rsa-sha2-512 for RSA) and
    // -Y verify checks the signature against the public key.
    StringBuilder script = new StringBuilder("set -e; ssh-add -l; echo data > /tmp/d; ");
    int i = 0;
    for (SshKey k : List.of(edKey, rsaKey)) {
      String pub = k.authorizedKeyLine();
      script
          .append("echo '")
          .append(pub)
          .append("' > /tmp/k")
          .append(i)
          .append(".pub; ")
          .append("rm -f /tmp/d.sig; ssh-keygen -q -Y sign -f /tmp/k")
          .append(i)
          .append(".pub -n file /tmp/d; ")
          .append("echo 'it ")
          .append(pub)
          .append(
              "' > /tmp/allowed; ssh-keygen -Y verify -f /tmp/allowed -I it -n file -s /tmp/d.sig < /tmp/d; ");
      i++;
    }
    Exec exec =
        Llb.exec(Llb.image("golang:1.26"))
            .args("/bin/sh", "-c", script.toString())
            .env("PATH", PATH)
            .env("RUN_ID", UUID.randomUUID().toString())
            .mountSsh("default", "/run/buildkit/ssh_agent.0")
            .name("use ssh agent");
    List<String> logs = new CopyOnWriteArrayList<>();

    client.solve(
        SolveSpec.llb(LlbDefinition.of(exec.root(), Platform.LINUX_AMD64)),
        SessionAttachables.builder().sshAgent("default", ed, rsa).build(),
        logCollector(logs));

    String all = String.join("\n", logs);
    assertThat(all).contains(edKey.fingerprint()).contains(rsaKey.fingerprint());
    assertThat(all).contains("Good \"file\" signature for it with ED25519 key");
    assertThat(all).contains("Good \"file\" signature for it with RSA key");
  }

  @Test
  void unknownSshIdFailsReadably(@TempDir Path dir) throws Exception {
    Path ed = keygen(dir, "ed25519");
    Exec exec =
        Llb.exec(Llb.image("busybox"))
            .args("/bin/sh", "-c", "true")
            .env("RUN_ID", UUID.randomUUID().toString())
            .mountSsh("deploy", "/run/ssh");
    assertThatThrownBy(
            () ->
                client.solve(
                    SolveSpec.llb(LlbDefinition.of(exec.root(), Platform.LINUX_AMD64)),
                    SessionAttachables.builder().sshAgent("default", ed).build(),
                    ProgressListener.NONE))
        .isInstanceOf(SolveFailedException.class)
        .hasMessageContaining("deploy");
  }

  private static Path keygen(Path dir, String type) {
    Path key = dir.resolve("id_" + type);
    Tools.run(
        Map.of(),
        "ssh-keygen",
        "-q",
        "-t",
        type,
        "-N",
        "",
        "-C",
        type + "@it",
        "-f",
        key.toString());
    return key;
  }

  private static String fingerprintFromSshKeygen(Path pub) {
    // "256 SHA256:xxxx comment (ED25519)"
    return Tools.run(Map.of(), "ssh-keygen", "-l", "-f", pub.toString()).output().split(" ")[1];
  }

  private static ProgressListener logCollector(List<String> logs) {
    return new ProgressListener() {
      @Override
      public void onLog(VertexProgress v, int stream, String line) {
        logs.add(line);
      }
    };
  }
}
