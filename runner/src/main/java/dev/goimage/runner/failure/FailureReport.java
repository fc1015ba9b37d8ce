package dev.goimage.runner.failure;

import dev.goimage.api.plan.BuildPlan;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything known about a failed build, for a {@link FailureClassifier}: the step, the failing
 * vertex's name and command, its exit code, its last log lines (secrets already redacted), the
 * daemon's error and the plan.
 *
 * @param step diagnostic step (source, modules, compile, image, push) or null when unknown
 * @param vertexName name of the failing vertex, or null
 * @param command what the vertex ran (for our execs), or null
 * @param exitCode the process's exit code, or null (not an exec, or not reported)
 * @param logLines last log lines of the failing vertex, oldest first
 * @param daemonMessage the daemon's error message
 * @param goModDirs directories of the repository holding a go.mod (from the source probe)
 * @param mainPackages main packages below the module root, as ./dir (from the source probe)
 * @param dockerfiles Dockerfiles of the repository, relative to its root (from the source probe);
 *     null when the probe did not look
 * @param gitRefs branches and tags of the repository, default branch first (listed after a revision
 *     was not found); empty when not listed
 */
public record FailureReport(
    String step,
    String vertexName,
    String command,
    Integer exitCode,
    List<String> logLines,
    String daemonMessage,
    BuildPlan plan,
    List<String> goModDirs,
    List<String> mainPackages,
    List<String> dockerfiles,
    List<String> gitRefs) {
  private static final Pattern EXIT_CODE = Pattern.compile("exit code: (\\d+)");

  public FailureReport {
    logLines = List.copyOf(logLines);
    daemonMessage = daemonMessage == null ? "" : daemonMessage;
    goModDirs = goModDirs == null ? List.of() : List.copyOf(goModDirs);
    mainPackages = mainPackages == null ? List.of() : List.copyOf(mainPackages);
    dockerfiles = dockerfiles == null ? null : List.copyOf(dockerfiles);
    gitRefs = gitRefs == null ? List.of() : List.copyOf(gitRefs);
  }

  /** The same report with the repository's branches and tags. */
  public FailureReport withGitRefs(List<String> refs) {
    return new FailureReport(
        step,
        vertexName,
        command,
        exitCode,
        logLines,
        daemonMessage,
        plan,
        goModDirs,
        mainPackages,
        dockerfiles,
        refs);
  }

  /** A report without facts from the source (a saved log, or a failure before the probe). */
  public FailureReport(
      String step,
      String vertexName,
      String command,
      Integer exitCode,
      List<String> logLines,
      String daemonMessage,
      BuildPlan plan) {
    this(
        step,
        vertexName,
        command,
        exitCode,
        logLines,
        daemonMessage,
        plan,
        List.of(),
        List.of(),
        null,
        List.of());
  }

  /** {@code ... did not complete successfully: exit code: 1} gives 1. */
  public static Integer exitCodeOf(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = EXIT_CODE.matcher(message);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  /** The log lines followed by the daemon's message: what evidence is cut from. */
  public List<String> evidenceLines() {
    var lines = new java.util.ArrayList<>(logLines);
    for (String l : daemonMessage.split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.strip());
      }
    }
    return lines;
  }
}
