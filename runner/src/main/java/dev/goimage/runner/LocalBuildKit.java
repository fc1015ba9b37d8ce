package dev.goimage.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A buildkitd for local mode, started and stopped through the repository's hack/buildkitd.sh (found
 * via GOIMAGE_HOME, which bin/goimage sets). Its state dir persists, so the module and build caches
 * survive between runs; an instance already running on that state dir is reused and left running.
 */
final class LocalBuildKit implements AutoCloseable {
  private final Path home;
  private final Path root;
  private final boolean startedHere;
  private final String address;

  private LocalBuildKit(Path home, Path root, boolean startedHere, String address) {
    this.home = home;
    this.root = root;
    this.startedHere = startedHere;
    this.address = address;
  }

  static Path home() {
    String home = System.getenv("GOIMAGE_HOME");
    if (home == null || home.isBlank()) {
      throw new Main.UsageException(
          "no --buildkit given and GOIMAGE_HOME is unset: run through bin/goimage, set"
              + " GOIMAGE_HOME to the goimage-operator checkout, or pass --buildkit ADDR");
    }
    return Path.of(home);
  }

  static Path defaultRoot() {
    String cache = System.getenv("GOIMAGE_CACHE");
    Path base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "goimage-operator");
    return base.resolve("run").resolve("goimage-local-buildkitd");
  }

  /** Starts buildkitd (or finds it running) with {@code mirror} as docker.io mirror, if given. */
  static LocalBuildKit start(Path root, String mirror, List<String> insecureRegistries) {
    Path home = home();
    Path script = home.resolve("hack/buildkitd.sh");
    Result running = run(home, List.of(script.toString(), "addr", "--root", root.toString()));
    if (running.code == 0) {
      return new LocalBuildKit(home, root, false, lastLine(running.out));
    }
    List<String> cmd =
        new ArrayList<>(List.of(script.toString(), "start", "--root", root.toString()));
    if (mirror != null) {
      cmd.add("--mirror");
      cmd.add(mirror);
    }
    for (String r : insecureRegistries) {
      cmd.add("--insecure-registry");
      cmd.add(r);
    }
    Result started = run(home, cmd);
    if (started.code != 0) {
      throw new IllegalStateException("hack/buildkitd.sh start failed (exit " + started.code + ")");
    }
    return new LocalBuildKit(home, root, true, lastLine(started.out));
  }

  String address() {
    return address;
  }

  @Override
  public void close() {
    if (startedHere) {
      run(
          home,
          List.of(home.resolve("hack/buildkitd.sh").toString(), "stop", "--root", root.toString()));
    }
  }

  private record Result(int code, String out) {}

  /** Runs a script; its stderr (progress) goes to ours, its stdout is the result. */
  private static Result run(Path home, List<String> cmd) {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(home.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
