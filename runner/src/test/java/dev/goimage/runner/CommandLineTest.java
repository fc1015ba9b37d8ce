package dev.goimage.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.Json;
import dev.goimage.buildkit.BuildKitAddress;
import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.runner.diagnose.CatalogueClassifier;
import dev.goimage.runner.failure.Redactor;
import dev.goimage.runner.progress.ProgressFormat;
import dev.goimage.runner.progress.StepPrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int code = cl.execute(args);
    return new Run(code, err.toString());
  }

  @Test
  void runnerNeedsAPlan() {
    Run r = run("runner");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("--plan");
  }

  @Test
  void runnerRejectsAnUnknownProgressFormat() throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, Json.write(new BuildPlan()));
    Run r = run("runner", "--plan", plan.toString(), "--progress", "fancy");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("--progress must be plain or json");
  }

  @Test
  void runnerReportsAnUnreadablePlan() {
    Run r = run("runner", "--plan", dir.resolve("missing.json").toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("cannot read the plan");
  }

  @Test
  void runnerOptionsParse() {
    var cmd = new RunnerCommand();
    new CommandLine(cmd)
        .parseArgs("--plan", "p.json", "--buildkit", "tcp://127.0.0.1:1234", "--progress=json");
    assertThat(cmd.plan).isEqualTo(Path.of("p.json"));
    assertThat(cmd.buildkit).isEqualTo("tcp://127.0.0.1:1234");
    assertThat(RunnerCommand.parseFormat(cmd.progress)).isEqualTo(ProgressFormat.JSON);
  }

  @Test
  void buildOptionsParseAndSecretsAreIdEqualsFile() {
    var cmd = new BuildCommand();
    new CommandLine(cmd)
        .parseArgs(
            "-f",
            "b.yaml",
            "--ssh-key",
            "k",
            "--known-hosts",
            "kh",
            "--secret",
            "token=/t",
            "--secret",
            "id=npm=/n");
    assertThat(cmd.file).isEqualTo(Path.of("b.yaml"));
    assertThat(BuildCommand.parseSecrets(cmd.secrets))
        .containsExactlyInAnyOrderEntriesOf(Map.of("token", Path.of("/t"), "npm", Path.of("/n")));
    assertThatThrownBy(() -> BuildCommand.parseSecrets(java.util.List.of("novalue")))
        .hasMessageContaining("ID=FILE");
  }

  @Test
  void localModeNamesTheFlagAndTheSpecFieldOfAMissingSecret() throws Exception {
    Path yaml = dir.resolve("b.yaml");
    Files.writeString(
        yaml,
        "apiVersion: goimage.dev/v1alpha1\nkind: GoImageBuild\nmetadata: {name: x}\nspec:\n"
            + "  source: {git: {url: 'git@git.example.com:a/b.git'}}\n"
            + "  secrets:\n    netrc: {secretName: n, key: netrc}\n"
            + "    build: [{id: token, secretName: t, key: t}]\n"
            + "  output: {image: r.example.com/a:b, pushSecret: regcred}\n");
    Run r = run("build", "-f", yaml.toString(), "--buildkit", "unix:///nonexistent");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err)
        .contains("--ssh-key")
        .contains("--known-hosts")
        .contains("spec.secrets.netrc is set: pass --netrc FILE")
        .contains("spec.output.pushSecret is set")
        .contains("--docker-config")
        .contains("spec.secrets.build[0].id token: pass --secret token=FILE");
  }

  @Test
  void unreachableBuildKitIsBuildKitUnavailable() {
    BuildPlan plan = new BuildPlan();
    plan.source.gitUrl = "https://git.example.com/a/b.git";
    plan.source.revision = "main";
    plan.go.platforms.add("linux/amd64");
    plan.output.image = "127.0.0.1:5000/a:b";
    var address = BuildKitAddress.unix(dir.resolve("no.sock"));
    var out = new ByteArrayOutputStream();
    var printer =
        new StepPrinter(new PrintStream(out), ProgressFormat.PLAIN, Redactor.none(), false);
    var result =
        new BuildRunner(
                () -> BuildKitClient.connect(address),
                address.toString(),
                printer,
                new CatalogueClassifier())
            .run(plan);
    assertThat(result.succeeded).isFalse();
    assertThat(result.diagnostics.get(0).code).isEqualTo("BuildKitUnavailable");
    assertThat(result.diagnostics.get(0).message).contains(address.toString());
  }

  @Test
  void preflightRefusesSshWithoutKnownHostsAndNativeMultiPlatform() {
    BuildPlan plan = new BuildPlan();
    plan.source.gitUrl = "git@git.example.com:a/b.git";
    plan.go.platforms.addAll(java.util.List.of("linux/amd64", "linux/arm64"));
    plan.output.image = "127.0.0.1:5000/a:b";
    var codes = Preflight.check(plan).stream().map(d -> d.code).toList();
    assertThat(codes).containsExactly("GitHostKeyUnknown", "InvalidSpec");
  }
}
