package dev.goimage.runner.diagnose;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.runner.failure.FailureClassifier;
import dev.goimage.runner.failure.FailureReport;
import java.util.List;

/** The full catalogue: the first matching rule names the cause, else BuildFailed. */
public final class CatalogueClassifier implements FailureClassifier {
  private final List<Rule> rules;

  public CatalogueClassifier() {
    this(Catalogue.rules());
  }

  CatalogueClassifier(List<Rule> rules) {
    this.rules = rules;
  }

  @Override
  public List<Diagnostic> classify(FailureReport report) {
    for (var rule : rules) {
      var found = rule.apply(report);
      if (found.isPresent()) {
        return List.of(found.get());
      }
    }
    var step = report.step() != null ? report.step() : Diagnostic.Step.COMPILE;
    var what = report.vertexName() == null ? "the build" : report.vertexName();
    var exit = report.exitCode() == null ? "" : " (exit code " + report.exitCode() + ")";
    return List.of(
        Diagnostic.error(
                DiagnosticCode.BuildFailed,
                step,
                "The " + step + " step failed: " + what + exit + ".",
                "read the evidence (the step's last lines) and the build log")
            .withEvidence(report.evidenceLines()));
  }
}
