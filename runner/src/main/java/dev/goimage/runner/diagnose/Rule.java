package dev.goimage.runner.diagnose;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.runner.failure.FailureReport;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the failure catalogue: which steps it applies to, the log pattern that identifies
 * it, and how to word the finding from the match. The catalogue is data ({@link Catalogue}); the
 * wording functions are small and local to their code.
 *
 * @param code the diagnostic code
 * @param steps steps the rule applies to; empty means any step
 * @param pattern what identifies the failure in a log line
 * @param defaultStep the step to report when the report does not know it (a saved log)
 * @param applies a further condition on the match (most rules: always)
 * @param explain message and hint from the match
 */
public record Rule(
    DiagnosticCode code,
    Set<String> steps,
    Pattern pattern,
    String defaultStep,
    java.util.function.BiPredicate<Match, FailureReport> applies,
    BiFunction<Match, FailureReport, Finding> explain) {

  /** What a rule found: the line that matched, its groups, and all evidence lines. */
  public record Match(String line, Matcher groups, List<String> evidence) {
    public String group(int i) {
      return groups.group(i);
    }
  }

  /** Message and hint of a finding. */
  public record Finding(String message, String hint) {}

  public Optional<Diagnostic> apply(FailureReport report) {
    if (report.step() != null && !steps.isEmpty() && !steps.contains(report.step())) {
      return Optional.empty();
    }
    var lines = report.evidenceLines();
    for (int i = 0; i < lines.size(); i++) {
      var m = pattern.matcher(lines.get(i));
      if (m.find()) {
        var evidence = around(lines, i);
        var match = new Match(lines.get(i), m, evidence);
        if (!applies.test(match, report)) {
          continue;
        }
        var finding = explain.apply(match, report);
        var step = report.step() != null ? report.step() : defaultStep;
        return Optional.of(
            Diagnostic.error(code, step, finding.message(), finding.hint()).withEvidence(evidence));
      }
    }
    return Optional.empty();
  }

  /**
   * Every line the rule's pattern matches (the telling ones, even far apart), filled up with the
   * lines around the first match, in log order, at most five.
   */
  private List<String> around(List<String> lines, int first) {
    var chosen = new java.util.TreeSet<Integer>();
    for (int i = first; i < lines.size() && chosen.size() < Diagnostic.MAX_EVIDENCE_LINES; i++) {
      if (pattern.matcher(lines.get(i)).find()) {
        chosen.add(i);
      }
    }
    for (int d = 1; chosen.size() < Diagnostic.MAX_EVIDENCE_LINES && d <= 4; d++) {
      if (first + d < lines.size()) {
        chosen.add(first + d);
      }
      if (chosen.size() < Diagnostic.MAX_EVIDENCE_LINES && first - d >= 0) {
        chosen.add(first - d);
      }
    }
    return chosen.stream().map(lines::get).toList();
  }
}
