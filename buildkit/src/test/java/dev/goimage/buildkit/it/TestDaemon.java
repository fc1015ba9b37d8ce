package dev.goimage.buildkit.it;

import dev.goimage.buildkit.BuildKitAddress;
import dev.goimage.buildkit.BuildKitClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real buildkitd (and a local registry acting as docker.io mirror, holding busybox and golang
 * images) shared by all ITs of a run, started through hack/ scripts and stopped at JVM exit.
 */
public final class TestDaemon {
  private static TestDaemon shared;

  private final Path root;
  private final String registry;
  private final Path registryDir;
  private final BuildKitAddress address;

  private TestDaemon(Path root, String registry, Path registryDir, BuildKitAddress address) {
    this.root = root;
    this.registry = registry;
    this.registryDir = registryDir;
    this.address = address;
  }

  /** Daemon + mirror registry, started once. */
  public static synchronized TestDaemon get() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private static TestDaemon start() {
    String existing = System.getProperty("goimage.buildkitd.addr", "");
    if (!existing.isBlank()) {
      // Developer shortcut: reuse a running daemon (tests needing the registry will fail).
      return new TestDaemon(null, "", null, BuildKitAddress.parse(existing, null));
    }
    try {
      Path base = Files.createTempDirectory("goimage-bk-it-");
      Path registryDir = base.resolve("registry");
      String registry =
          Tools.lastLine(
              Tools.run(
                      Map.of(),
                      "hack/registry.sh",
                      "start",
                      "--port",
                      "0",
                      "--dir",
                      registryDir.toString())
                  .output());
      Tools.run(Map.of(), "hack/images.sh", "--registry", registry);
      Path root = base.resolve("buildkitd");
      String addr =
          Tools.lastLine(
              Tools.run(
                      Map.of(),
                      "hack/buildkitd.sh",
                      "start",
                      "--root",
                      root.toString(),
                      "--mirror",
                      registry)
                  .output());
      return new TestDaemon(root, registry, registryDir, BuildKitAddress.parse(addr, null));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void stop() {
    if (root == null) {
      return;
    }
    Tools.run(Map.of(), false, "hack/buildkitd.sh", "stop", "--root", root.toString());
    Tools.run(Map.of(), false, "hack/registry.sh", "stop", "--dir", registryDir.toString());
    Tools.deleteTree(root.getParent());
  }

  public BuildKitAddress address() {
    return address;
  }

  /** 127.0.0.1:PORT of the mirror registry (plain HTTP, configured insecure in the daemon). */
  public String registry() {
    return registry;
  }

  public Path root() {
    return root;
  }

  public BuildKitClient client() {
    return BuildKitClient.connect(address);
  }
}
