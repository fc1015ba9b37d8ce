package dev.goimage.buildkit.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repo's hack/ scripts and other tools for the integration tests. */
public final class Tools {
  private Tools() {}

  public static Path repoRoot() {
    String root = System.getProperty("goimage.repoRoot");
    if (root == null || root.isBlank()) {
      // Running from the module directory outside failsafe.
      return Path.of("").toAbsolutePath().getParent();
    }
    return Path.of(root);
  }

  public static Path cache() {
    String cache = System.getProperty("goimage.cache");
    if (cache == null || cache.isBlank()) {
      return Path.of(System.getProperty("user.home"), ".cache", "goimage-operator");
    }
    return Path.of(cache);
  }

  /** Result of a command: exit code and combined output. */
  public record Result(int exitCode, String output) {}

  /** Runs a command with GOIMAGE_CACHE set; fails on a non-zero exit unless allowed. */
  public static Result run(Map<String, String> env, String... command) {
    return run(env, true, command);
  }

  public static Result run(Map<String, String> env, boolean check, String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.directory(repoRoot().toFile());
    pb.environment().put("GOIMAGE_CACHE", cache().toString());
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + cmd);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (check && p.exitValue() != 0) {
        throw new IllegalStateException(
            "command failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + text);
      }
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The last non-empty line of a script's output (scripts print their result last). */
  public static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
