package dev.goimage.operator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the pinned kubectl against the fixture's API server, as a user would. */
record Kubectl(KubeApiServerFixture cluster) {
  record Result(int exitCode, String out, String err) {}

  Result run(String... args) {
    var command =
        new ArrayList<String>(
            List.of(cluster.kubectl().toString(), "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    try {
      var process = new ProcessBuilder(command).start();
      var out = process.getInputStream().readAllBytes();
      var err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " timed out");
      }
      return new Result(
          process.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
