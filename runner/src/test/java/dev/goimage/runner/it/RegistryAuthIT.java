package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pushing to a registry with htpasswd auth: with a docker config it works, without it says 401. */
class RegistryAuthIT {
  private static final String USER = "pusher";
  private static Infra infra;
  private static Path dir;
  private static String password;
  private static String authRegistry;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    infra = Infra.get();
    dir = Files.createTempDirectory(infra.base, "auth-");
    password = UUID.randomUUID().toString();
    authRegistry =
        Cmd.scriptEnv(
                Map.of("GOIMAGE_REGISTRY_HTPASSWD", USER + ":" + password),
                "hack/registry.sh",
                "start",
                "--port",
                "0",
                "--dir",
                dir.resolve("registry").toString())
            .lastLine();
    url = infra.git.publish("examples/hello", "hello-auth", null)[0];
  }

  @AfterAll
  static void stop() {
    Cmd.quietly("hack/registry.sh", "stop", "--dir", dir.resolve("registry").toString());
  }

  private static BuildPlan plan(String tag) throws Exception {
    BuildPlan p = Plans.plan(url, authRegistry + "/it/hello-auth:" + tag);
    p.secrets.sshKeyFile = infra.git.key.toString();
    p.secrets.knownHostsFile = infra.git.writeKnownHosts(dir.resolve("known_hosts")).toString();
    return p;
  }

  private static String basic() {
    return Base64.getEncoder()
        .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pushesWithTheDockerConfig() throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(
        config, "{\"auths\":{\"" + authRegistry + "\":{\"auth\":\"" + basic() + "\"}}}");
    BuildPlan p = plan("v1");
    p.secrets.dockerConfigFile = config.toString();

    Plans.Run r = Plans.runner(p, dir);

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(new Registry(authRegistry, "Basic " + basic()).manifestDigest("it/hello-auth", "v1"))
        .isEqualTo(r.result().digest);
    new Secrets()
        .value(password)
        .value(basic())
        .assertAbsent("output", r.output() + r.resultJson());
  }

  @Test
  void withoutCredentialsThePushFailsWithRegistryAuthFailed() throws Exception {
    Plans.Run r = Plans.runner(plan("denied"), dir);

    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    var d = r.result().diagnostics.get(0);
    assertThat(d.code).isEqualTo("RegistryAuthFailed");
    assertThat(d.step).isEqualTo("push");
    assertThat(String.join("\n", d.evidence)).contains("401");
    assertThat(r.output()).contains("RegistryAuthFailed");
  }
}
