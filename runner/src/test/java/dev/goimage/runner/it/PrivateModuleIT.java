package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.EnvVar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * examples/fixtures/privateapp needs git.goimage.test/private/greeting.git, served by a second SSH
 * git server: over SSH with the forwarded key, host keys verified. The app's own repository is on
 * the shared git server, so the source step works even when the module step must fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivateModuleIT {
  private static Infra infra;
  private static GitServer modules;
  private static Path dir;
  private static String appUrl;
  private static Path sourceOnlyKey;
  private static Path netrc;
  private static String netrcPassword;
  private static final List<String> outputs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    infra = Infra.get();
    dir = Files.createTempDirectory(infra.base, "private-");
    modules = GitServer.start(dir.resolve("modules-git"));
    modules.authorize(infra.git.key); // the shared key reads both servers
    sourceOnlyKey = infra.git.authorize(dir.resolve("source-only-key"));
    modules.publish("examples/fixtures/greeting", "private/greeting", "v1.0.0");
    appUrl = infra.git.publish("examples/fixtures/privateapp", "privateapp", null)[0];
    netrcPassword = UUID.randomUUID().toString();
    netrc = dir.resolve("netrc");
    Files.writeString(
        netrc, "machine netrc.goimage.test login builder password " + netrcPassword + "\n");
  }

  @AfterAll
  static void stop() {
    if (modules != null) {
      modules.stop();
    }
  }

  private static BuildPlan plan(String tag, Path key, Path knownHosts) {
    BuildPlan p = Plans.plan(appUrl, infra.registry + "/it/privateapp:" + tag);
    p.go.privateModules.add("git.goimage.test");
    // The module path's host does not resolve: point it at the module server's port (the spec's own
    // GIT_CONFIG entries win over the rule derived from spec.go.private).
    p.go.env.add(new EnvVar("GIT_CONFIG_COUNT", "1"));
    p.go.env.add(new EnvVar("GIT_CONFIG_KEY_0", "url.ssh://git@" + modules.addr + "/.insteadOf"));
    p.go.env.add(new EnvVar("GIT_CONFIG_VALUE_0", "https://git.goimage.test/"));
    p.secrets.sshKeyFile = key.toString();
    p.secrets.knownHostsFile = knownHosts.toString();
    p.secrets.netrcFile = netrc.toString();
    return p;
  }

  private static Plans.Run run(BuildPlan plan) throws Exception {
    Plans.Run r = Plans.runner(plan, dir);
    outputs.add(r.output());
    outputs.add(r.resultJson());
    return r;
  }

  private static String evidence(Plans.Run r) {
    return String.join("\n", r.result().diagnostics.get(0).evidence);
  }

  @Test
  @Order(1)
  void aWrongHostKeyForTheModuleServerFails() throws Exception {
    // The module server's address with the source server's host key.
    String wrong = "[127.0.0.1]:" + modules.port + " " + infra.git.knownHostsLine.split(" ", 2)[1];
    Path knownHosts = infra.git.writeKnownHosts(dir.resolve("known_hosts_wrong"), wrong);
    Plans.Run r = run(plan("wrong-host-key", infra.git.key, knownHosts));
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.result().succeeded).isFalse();
    Diagnostic d = r.result().diagnostics.get(0);
    assertThat(d.step).isEqualTo("modules");
    assertThat(d.code).isEqualTo("GitHostKeyUnknown");
    assertThat(evidence(r)).contains("Host key verification failed");
  }

  @Test
  @Order(2)
  void withoutAKeyForTheModuleServerTheAuthErrorIsTheEvidence() throws Exception {
    Path knownHosts = infra.git.writeKnownHosts(dir.resolve("known_hosts"), modules.knownHostsLine);
    Plans.Run r = run(plan("no-key", sourceOnlyKey, knownHosts));
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    Diagnostic d = r.result().diagnostics.get(0);
    assertThat(d.step).isEqualTo("modules");
    assertThat(d.code).isEqualTo("PrivateModuleAuthFailed");
    assertThat(evidence(r)).contains("Permission denied (publickey)");
  }

  @Test
  @Order(3)
  void buildsWithTheKeyAndKnownHosts() throws Exception {
    Path knownHosts = infra.git.writeKnownHosts(dir.resolve("known_hosts"), modules.knownHostsLine);
    Plans.Run r = run(plan("v1", infra.git.key, knownHosts));
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.result().modulePath).isEqualTo("example.goimage.dev/privateapp");
    assertThat(r.result().modulesDownloaded).isGreaterThanOrEqualTo(1);
    assertThat(new Registry(infra.registry, null).manifestDigest("it/privateapp", "v1"))
        .isEqualTo(r.result().digest);
  }

  @Test
  @Order(4)
  void noKeyOrNetrcMaterialAnywhere() throws Exception {
    Secrets secrets = new Secrets().file(infra.git.key).file(sourceOnlyKey).value(netrcPassword);
    for (String out : outputs) {
      secrets.assertAbsent("runner output / result", out);
    }
    for (byte[] layer : new Registry(infra.registry, null).layers("it/privateapp", "v1")) {
      secrets.assertAbsent("image layer", layer);
    }
  }
}
