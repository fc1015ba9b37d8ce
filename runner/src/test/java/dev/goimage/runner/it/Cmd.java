package dev.goimage.runner.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts and the goimage jar for the integration tests. */
final class Cmd {
  private Cmd() {}

  record Result(int exitCode, String output) {
    String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  static Path repoRoot() {
    String root = System.getProperty("goimage.repoRoot");
    return root == null || root.isBlank()
        ? Path.of("").toAbsolutePath().getParent()
        : Path.of(root);
  }

  static Path cache() {
    String cache = System.getProperty("goimage.cache");
    return cache == null || cache.isBlank()
        ? Path.of(System.getProperty("user.home"), ".cache", "goimage-operator")
        : Path.of(cache);
  }

  static Result run(Map<String, String> env, boolean check, List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.directory(repoRoot().toFile());
    pb.environment().put("GOIMAGE_CACHE", cache().toString());
    pb.environment().put("GOIMAGE_HOME", repoRoot().toString());
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + cmd);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (check && p.exitValue() != 0) {
        throw new IllegalStateException(
            "failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + text);
      }
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result script(String... cmd) {
    return run(Map.of(), true, List.of(cmd));
  }

  static Result scriptEnv(Map<String, String> env, String... cmd) {
    return run(env, true, List.of(cmd));
  }

  static void quietly(String... cmd) {
    run(Map.of(), false, List.of(cmd));
  }

  /** {@code java -jar runner/target/goimage.jar ARGS}: the CLI as users run it. */
  static Result goimage(String... args) {
    var cmd = new java.util.ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(repoRoot().resolve("runner/target/goimage.jar").toString());
    cmd.addAll(List.of(args));
    return run(Map.of(), false, cmd);
  }
}
