package dev.goimage.runner.diagnose;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.runner.failure.FailureClassifier;
import dev.goimage.runner.failure.FailureReport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Classifies a saved build log (the runner's own, a plain {@code go build}, or {@code docker build}
 * output) with the same rules as the runner. A log that shows no failure gives no diagnostics:
 * successful builds must never be reported as broken.
 */
public final class LogDiagnosis {
  /** Lines that say a step or command failed, in the tools' own words. */
  private static final Pattern FAILED =
      Pattern.compile(
          "did not complete successfully|exit code: [1-9]|exit status [1-9]|^ERROR[: ]|^error: |"
              + "^fatal: |^# \\S+$|\\.go:\\d+:\\d+: |failed to solve|FAILED|"
              + "Host key verification failed|Permission denied|signal: killed");

  private final FailureClassifier classifier;

  public LogDiagnosis(FailureClassifier classifier) {
    this.classifier = classifier;
  }

  public List<Diagnostic> diagnose(List<String> log) {
    var relevant = new ArrayList<String>();
    for (var line : log) {
      var clean = stripPrefix(line);
      if (!clean.isBlank()) {
        relevant.add(clean);
      }
    }
    var report = new FailureReport(null, null, null, null, relevant, "", null);
    var diagnostics = classifier.classify(report);
    // A named cause stands on its own; "something failed" needs the log to say that it did.
    var unnamed =
        diagnostics.stream().allMatch(d -> DiagnosticCode.BuildFailed.name().equals(d.code));
    if (unnamed && relevant.stream().noneMatch(l -> FAILED.matcher(l).find())) {
      return List.of();
    }
    return diagnostics;
  }

  /** Drops the prefixes build tools put before a command's output ("#12 0.345 ", "[modules] "). */
  static String stripPrefix(String line) {
    return line.replaceFirst("^#\\d+ \\d+\\.\\d+ ", "").replaceFirst("^\\[[a-z]+\\] ", "").strip();
  }
}
