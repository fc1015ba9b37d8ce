package dev.goimage.runner.failure;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import java.util.List;
import java.util.Locale;

/**
 * A handful of unambiguous rules (registry auth, SSH auth, unknown host key), else {@code
 * BuildFailed} with the last lines. The full catalogue is a separate classifier.
 */
public final class BasicClassifier implements FailureClassifier {
  @Override
  public List<Diagnostic> classify(FailureReport r) {
    String all = String.join("\n", r.evidenceLines());
    String lower = all.toLowerCase(Locale.ROOT);
    String step = r.step() == null ? Diagnostic.Step.COMPILE : r.step();
    List<String> evidence = r.evidenceLines();
    if (step.equals(Diagnostic.Step.PUSH)
        && (lower.contains("401 unauthorized") || lower.contains("insufficient_scope"))) {
      return List.of(
          Diagnostic.error(
                  DiagnosticCode.RegistryAuthFailed,
                  step,
                  "The registry refused the push of " + r.plan().output.image + " (401).",
                  "Set spec.output.pushSecret to a docker config Secret with credentials for"
                      + " this registry (local mode: --docker-config FILE).")
              .withEvidence(matching(evidence, "401", "unauthorized", "insufficient_scope")));
    }
    if (all.contains("Host key verification failed")
        || all.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")) {
      return List.of(
          Diagnostic.error(
                  DiagnosticCode.GitHostKeyUnknown,
                  step,
                  "SSH refused the git server's host key during the " + step + " step.",
                  "Add the server's host key to the known_hosts key of spec.secrets.ssh"
                      + " (local mode: --known-hosts FILE); host keys are never trusted blindly.")
              .withEvidence(matching(evidence, "Host key", "HOST IDENTIFICATION")));
    }
    if (all.contains("Permission denied (publickey")) {
      DiagnosticCode code =
          step.equals(Diagnostic.Step.SOURCE)
              ? DiagnosticCode.GitAuthFailed
              : DiagnosticCode.PrivateModuleAuthFailed;
      return List.of(
          Diagnostic.error(
                  code,
                  step,
                  "The git server rejected the SSH key during the " + step + " step.",
                  "Set spec.secrets.ssh to a key the git server accepts (local mode: --ssh-key"
                      + " FILE); private modules go over SSH through the insteadOf rules of"
                      + " spec.go.private.")
              .withEvidence(matching(evidence, "Permission denied", "fatal:", "no secure")));
    }
    String what = r.vertexName() == null ? "the build" : r.vertexName();
    String exit = r.exitCode() == null ? "" : " (exit code " + r.exitCode() + ")";
    return List.of(
        Diagnostic.error(
                DiagnosticCode.BuildFailed,
                step,
                "The " + step + " step failed: " + what + exit + ".",
                "See the evidence (the step's last lines) and the build log.")
            .withEvidence(evidence));
  }

  /** Lines containing one of the markers (the last 5), else the last lines. */
  private static List<String> matching(List<String> lines, String... markers) {
    List<String> hits =
        lines.stream()
            .filter(
                l -> {
                  String lower = l.toLowerCase(Locale.ROOT);
                  for (String m : markers) {
                    if (lower.contains(m.toLowerCase(Locale.ROOT))) {
                      return true;
                    }
                  }
                  return false;
                })
            .toList();
    return hits.isEmpty() ? lines : hits;
  }
}
