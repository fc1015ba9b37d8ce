package dev.goimage.runner;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import dev.goimage.buildkit.BuildKitAddress;
import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.runner.diagnose.CatalogueClassifier;
import dev.goimage.runner.failure.Redactor;
import dev.goimage.runner.progress.ProgressFormat;
import dev.goimage.runner.progress.StepPrinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code goimage runner}: the build pod's entry point, a BuildPlan file in, a BuildResult out. */
@Command(
    name = "runner",
    mixinStandardHelpOptions = true,
    description = "Runs a BuildPlan against buildkitd and writes the BuildResult (build pod).")
public final class RunnerCommand implements Callable<Integer> {
  static final String DEFAULT_BUILDKIT = "unix:///run/buildkit/buildkitd.sock";

  @Option(names = "--plan", required = true, description = "BuildPlan JSON file.")
  Path plan;

  @Option(
      names = "--buildkit",
      defaultValue = "${env:BUILDKIT_HOST:-" + DEFAULT_BUILDKIT + "}",
      description =
          "buildkitd address, unix:///PATH or tcp://HOST:PORT (default: ${DEFAULT-VALUE}).")
  String buildkit;

  @Option(
      names = "--progress",
      defaultValue = "plain",
      description = "plain (one line per step) or json (one JSON object per line).")
  String progress;

  @Option(
      names = "--result",
      description = "Write the BuildResult here (default: plan.resultFile).")
  String resultFile;

  @Option(names = "--logs", description = "Also print every step's log lines.")
  boolean logs;

  @Mixin BuildKitOptions tls = new BuildKitOptions();

  @Override
  public Integer call() {
    BuildPlan p = readPlan(plan);
    ProgressFormat format = parseFormat(progress);
    BuildKitAddress address = tls.address(buildkit);
    StepPrinter printer = new StepPrinter(System.out, format, Redactor.forPlan(p), logs);
    BuildResult result = run(p, address, printer);
    ResultOutput.write(result, resultFile != null ? resultFile : p.resultFile);
    ResultOutput.summarize(result, printer);
    return result.succeeded ? Main.OK : Main.BUILD_FAILED;
  }

  static BuildResult run(BuildPlan plan, BuildKitAddress address, StepPrinter printer) {
    return new BuildRunner(
            () -> BuildKitClient.connect(address),
            address.toString(),
            printer,
            new CatalogueClassifier())
        .run(plan);
  }

  static ProgressFormat parseFormat(String progress) {
    try {
      return ProgressFormat.parse(progress);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
  }

  static BuildPlan readPlan(Path file) {
    try {
      return Json.read(Files.readString(file, StandardCharsets.UTF_8), BuildPlan.class);
    } catch (IOException e) {
      throw new Main.UsageException("cannot read the plan " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(file + ": " + e.getMessage());
    }
  }
}
