package dev.goimage.runner;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildPlanner;
import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.PlanDefaults;
import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.GoImageBuilds;
import dev.goimage.runner.failure.Redactor;
import dev.goimage.runner.progress.ProgressFormat;
import dev.goimage.runner.progress.StepPrinter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code goimage build -f FILE}: local mode. The same GoImageBuild YAML a cluster takes, secrets
 * from files named on the command line, a local buildkitd (started through hack/buildkitd.sh unless
 * --buildkit names one).
 */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Builds a GoImageBuild YAML locally with BuildKit and pushes the image.")
public final class BuildCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "GoImageBuild YAML.")
  Path file;

  @Option(
      names = "--ssh-key",
      description = "Private key for spec.secrets.ssh (forwarded as an agent).")
  Path sshKey;

  @Option(names = "--known-hosts", description = "known_hosts for spec.secrets.ssh.knownHostsKey.")
  Path knownHosts;

  @Option(names = "--netrc", description = "netrc file for spec.secrets.netrc.")
  Path netrc;

  @Option(names = "--docker-config", description = "docker config.json for spec.output.pushSecret.")
  Path dockerConfig;

  @Option(
      names = "--secret",
      paramLabel = "ID=FILE",
      description = "A spec.secrets.build secret (repeatable).")
  List<String> secrets = new ArrayList<>();

  @Option(
      names = "--buildkit",
      description =
          "buildkitd address; without it a local buildkitd is started (hack/buildkitd.sh).")
  String buildkit;

  @Option(
      names = "--docker-mirror",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:GOIMAGE_DOCKER_MIRROR}",
      description = "For the started buildkitd: plain-HTTP registry mirroring docker.io.")
  String dockerMirror;

  @Option(
      names = "--buildkit-root",
      description =
          "State dir of the started buildkitd (default $GOIMAGE_CACHE/run/goimage-local-buildkitd).")
  Path buildkitRoot;

  @Option(names = "--progress", defaultValue = "plain", description = "plain or json.")
  String progress;

  @Option(names = "--result", description = "Also write the BuildResult JSON to this file.")
  String resultFile;

  @Option(names = "--logs", description = "Also print every step's log lines.")
  boolean logs;

  @Mixin BuildKitOptions tls = new BuildKitOptions();

  @Override
  public Integer call() throws Exception {
    ProgressFormat format = RunnerCommand.parseFormat(progress);
    GoImageBuild build = readBuild(file);
    LocalSecrets files =
        new LocalSecrets(sshKey, knownHosts, netrc, dockerConfig, parseSecrets(secrets));
    List<String> missing = files.missingFor(build.getSpec());
    if (!missing.isEmpty()) {
      throw new Main.UsageException(
          file
              + " needs secrets the command line does not give:\n  "
              + String.join("\n  ", missing));
    }
    BuildPlan plan = plan(build, files);
    plan.resultFile = resultFile;
    StepPrinter printer = new StepPrinter(System.out, format, Redactor.forPlan(plan), logs);
    BuildResult result;
    if (buildkit != null) {
      result = RunnerCommand.run(plan, tls.address(buildkit), printer);
    } else {
      Path root = buildkitRoot != null ? buildkitRoot : LocalBuildKit.defaultRoot();
      try (LocalBuildKit daemon = LocalBuildKit.start(root, blankToNull(dockerMirror), List.of())) {
        result = RunnerCommand.run(plan, tls.address(daemon.address()), printer);
      }
    }
    if (result.succeeded && plan.verify != null && plan.verify.health != null) {
      new LocalVerifier(LocalBuildKit.home(), printer).verify(plan, result);
    }
    ResultOutput.write(result, resultFile);
    ResultOutput.summarize(result, printer);
    return result.succeeded ? Main.OK : Main.BUILD_FAILED;
  }

  static GoImageBuild readBuild(Path file) {
    try {
      GoImageBuild build = GoImageBuilds.read(file);
      if (build.getMetadata() != null && build.getMetadata().getNamespace() == null) {
        build.getMetadata().setNamespace("local");
      }
      if (build.getSpec().source == null
          || build.getSpec().source.git == null
          || build.getSpec().source.git.url == null) {
        throw new Main.UsageException(file + ": spec.source.git.url is required");
      }
      if (build.getSpec().output == null || build.getSpec().output.image == null) {
        throw new Main.UsageException(file + ": spec.output.image is required");
      }
      return build;
    } catch (java.io.IOException e) {
      throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof Main.UsageException u) {
        throw u;
      }
      throw new Main.UsageException(file + ": " + e.getMessage());
    }
  }

  /** Local defaults: the host's GOPROXY when go is installed, golang:1.26 builders. */
  static BuildPlan plan(GoImageBuild build, LocalSecrets files) {
    PlanDefaults defaults =
        new PlanDefaults(
            PlanDefaults.STANDARD.goVersion(),
            HostGo.goProxy(),
            PlanDefaults.STANDARD.builderImageRepository());
    return new BuildPlanner(defaults).plan(build, files, null);
  }

  static Map<String, Path> parseSecrets(List<String> specs) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String spec : specs) {
      // "id=ID=FILE" is accepted too (buildctl users type "id=").
      String s = spec.startsWith("id=") && spec.indexOf('=', 3) > 3 ? spec.substring(3) : spec;
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new Main.UsageException("--secret takes ID=FILE, not " + s);
      }
      out.put(s.substring(0, eq), Path.of(s.substring(eq + 1)));
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
