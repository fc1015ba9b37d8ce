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

  /** goimage.repoRoot, or the nearest directory upwards that holds hack/lib.sh. */
  public static Path repoRoot() {
    String root = System.getProperty("goimage.repoRoot");
    Path start = root == null || root.isBlank() ? Path.of("") : Path.of(root);
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (java.nio.file.Files.exists(p.resolve("hack/lib.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root (with hack/lib.sh) not found from " + start);
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

  /** Removes a test's temporary directory tree (daemon state included) once its daemons stopped. */
  public static void deleteTree(Path dir) {
    if (dir != null) {
      run(Map.of(), false, "rm", "-rf", "--one-file-system", dir.toString());
    }
  }

  /** The last non-empty line of a script's output (scripts print their result last). */
  public static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
