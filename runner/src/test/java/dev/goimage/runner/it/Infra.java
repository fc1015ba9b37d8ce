package dev.goimage.runner.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real components of the runner ITs, started once per test JVM on loopback and stopped at its
 * exit: a registry (docker.io mirror with the golang/busybox images, and push target), buildkitd
 * using it, and an SSH git server with one authorized client key.
 */
final class Infra {
  private static Infra shared;

  final Path base;
  final String registry;
  final String buildkit;
  final GitServer git;

  private Infra(Path base, String registry, String buildkit, GitServer git) {
    this.base = base;
    this.registry = registry;
    this.buildkit = buildkit;
    this.git = git;
  }

  static synchronized Infra get() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private static Infra start() {
    try {
      Path base = Files.createTempDirectory("goimage-runner-it-");
      String registry =
          Cmd.script(
                  "hack/registry.sh",
                  "start",
                  "--port",
                  "0",
                  "--dir",
                  base.resolve("registry").toString())
              .lastLine();
      Cmd.script("hack/images.sh", "--registry", registry);
      String buildkit =
          Cmd.script(
                  "hack/buildkitd.sh",
                  "start",
                  "--root",
                  base.resolve("buildkitd").toString(),
                  "--mirror",
                  registry)
              .lastLine();
      GitServer git = GitServer.start(base.resolve("git"));
      return new Infra(base, registry, buildkit, git);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void stop() {
    Cmd.quietly("hack/buildkitd.sh", "stop", "--root", base.resolve("buildkitd").toString());
    Cmd.quietly("hack/registry.sh", "stop", "--dir", base.resolve("registry").toString());
    git.stop();
  }
}
