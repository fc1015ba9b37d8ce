package dev.goimage.runner.it;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds plans for the ITs and runs them through {@code goimage runner}. */
final class Plans {
  private Plans() {}

  /** A plan as the operator would write it: host's GOPROXY, golang:1.26, one platform. */
  static BuildPlan plan(String gitUrl, String image) {
    BuildPlan p = new BuildPlan();
    p.build = "it/" + image.substring(image.lastIndexOf('/') + 1).replace(':', '-');
    p.source.gitUrl = gitUrl;
    p.source.revision = "main";
    p.source.moduleRoot = ".";
    p.source.packagePath = ".";
    p.go.version = "1.26";
    p.go.builderImage = "golang:1.26";
    p.go.proxy = hostGoProxy();
    p.go.platforms.add("linux/amd64");
    p.output.image = image;
    p.output.baseImage = "scratch";
    p.output.insecure = true;
    p.timeoutSeconds = 1800;
    return p;
  }

  /** The outcome of one {@code goimage runner} run. */
  record Run(int exitCode, String output, BuildResult result, String resultJson) {}

  static Run runner(BuildPlan plan, Path dir) throws IOException {
    Path planFile = Files.createTempFile(dir, "plan-", ".json");
    Path resultFile = dir.resolve(planFile.getFileName() + ".result");
    plan.resultFile = resultFile.toString();
    Files.writeString(planFile, Json.write(plan));
    Cmd.Result r =
        Cmd.goimage("runner", "--plan", planFile.toString(), "--buildkit", Infra.get().buildkit);
    String json =
        Files.exists(resultFile) ? Files.readString(resultFile, StandardCharsets.UTF_8) : "";
    BuildResult result = json.isEmpty() ? null : Json.read(json, BuildResult.class);
    return new Run(r.exitCode(), r.output(), result, json);
  }

  static String hostGoProxy() {
    try {
      Process p = new ProcessBuilder("go", "env", "GOPROXY").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(30, TimeUnit.SECONDS);
      return out.isEmpty() ? null : out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
