package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code goimage build -f} with spec.verify: the pushed image runs with runc on this machine and
 * gets the same verdict the operator would give (health, then chaos kills).
 */
class LocalVerifyIT {
  private static Infra infra;
  private static Path dir;
  private static Path knownHosts;

  @BeforeAll
  static void start() throws Exception {
    infra = Infra.get();
    dir = Files.createTempDirectory(infra.base, "verify-");
    knownHosts = infra.git.writeKnownHosts(dir.resolve("known_hosts"));
  }

  private record Outcome(int exitCode, String output, BuildResult result) {}

  private static Outcome build(String app, String src, List<String> verify) throws IOException {
    String url = infra.git.publish(src, "verify/" + app, null)[0];
    int port = FreePort.find();
    Path yaml = dir.resolve(app + ".yaml");
    var lines =
        new java.util.ArrayList<>(
            List.of(
                "apiVersion: goimage.dev/v1alpha1",
                "kind: GoImageBuild",
                "metadata:",
                "  name: " + app,
                "spec:",
                "  source:",
                "    git:",
                "      url: " + url,
                "  secrets:",
                "    ssh: {secretName: git-ssh, knownHostsKey: known_hosts}",
                "  output:",
                "    image: " + infra.registry + "/it/verify-" + app + ":latest",
                "    insecure: true",
                "  verify:"));
    verify.forEach(l -> lines.add("    " + l.replace("PORT", Integer.toString(port))));
    Files.writeString(yaml, String.join("\n", lines) + "\n");
    Path result = dir.resolve(app + ".result.json");
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
            infra.buildkit,
            "--result",
            result.toString());
    return new Outcome(
        r.exitCode(), r.output(), Json.read(Files.readString(result), BuildResult.class));
  }

  @Test
  void helloPassesHealthAndThreeKills() throws Exception {
    var o =
        build(
            "hello",
            "examples/hello",
            List.of(
                "health: {httpGet: {path: /healthz, port: PORT}, timeoutSeconds: 60}",
                "chaos: {kills: 3, recoverWithinSeconds: 10}"));
    assertThat(o.exitCode()).as(o.output()).isZero();
    var v = o.result().verification;
    assertThat(v.health).isEqualTo("Passed");
    assertThat(v.stage).isEqualTo("Passed");
    assertThat(v.chaos.kills).isEqualTo(3);
    assertThat(v.chaos.recovered).isEqualTo(3);
    assertThat(v.chaos.roundSeconds).hasSize(3).allMatch(s -> s <= 10.0);
    assertThat(o.output()).contains("verify: Healthy after").contains("recovered from 3 kills");
  }

  @Test
  void imageWhoseHealthNeverComesUpFailsHealthCheck() throws Exception {
    var o =
        build(
            "unhealthy",
            "examples/fixtures/verify/unhealthy",
            List.of("health: {httpGet: {path: /healthz, port: PORT}, timeoutSeconds: 5}"));
    assertThat(o.exitCode()).as(o.output()).isEqualTo(1);
    var d = o.result().diagnostics.get(o.result().diagnostics.size() - 1);
    assertThat(d.code).isEqualTo("HealthCheckFailed");
    assertThat(d.message).contains("did not become healthy within 5 seconds").contains("/healthz");
    assertThat(d.evidence).anyMatch(l -> l.contains("never healthy"));
    assertThat(o.result().digest).isNotNull();
  }

  @Test
  void imageThatCrashesAtStartIsReportedAsCrashingWithItsExitCode() throws Exception {
    var o =
        build(
            "crasher",
            "examples/fixtures/verify/crasher",
            List.of("health: {tcpSocket: {port: PORT}, timeoutSeconds: 60}"));
    assertThat(o.exitCode()).as(o.output()).isEqualTo(1);
    var d = o.result().diagnostics.get(o.result().diagnostics.size() - 1);
    assertThat(d.code).isEqualTo("HealthCheckFailed");
    assertThat(d.message).contains("crashes at start").contains("exited with code 3");
    assertThat(d.evidence).anyMatch(l -> l.contains("config.yaml not found"));
  }

  @Test
  void slowRecoveryFailsChaosWithTheMeasuredTime() throws Exception {
    var o =
        build(
            "slowstart",
            "examples/fixtures/verify/slowstart",
            List.of(
                "health: {httpGet: {path: /healthz, port: PORT}, timeoutSeconds: 30}",
                "chaos: {kills: 2, recoverWithinSeconds: 2}"));
    assertThat(o.exitCode()).as(o.output()).isEqualTo(1);
    var d = o.result().diagnostics.get(o.result().diagnostics.size() - 1);
    assertThat(d.code).isEqualTo("ChaosRecoveryFailed");
    assertThat(d.message).startsWith("Round 1 of 2: healthy again only ").contains("bound of 2 s");
  }
}
