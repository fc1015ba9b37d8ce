package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A finding about a build: what went wrong (or is slow), the evidence, and what to change. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Diagnostic {
  /** Evidence is a short excerpt, never a log dump. */
  public static final int MAX_EVIDENCE_LINES = 5;

  @JsonPropertyDescription("Diagnostic code, for example GoModNotFound (see docs/diagnostics.md).")
  public String code;

  @JsonPropertyDescription("Error (the build failed for this), Warning or Info.")
  public Severity severity;

  @JsonPropertyDescription("Step: preflight, source, modules, compile, image, push or verify.")
  public String step;

  @JsonPropertyDescription("What happened, specific to this build.")
  public String message;

  @JsonPropertyDescription("What to change, naming the GoImageBuild field.")
  public String hint;

  @JsonPropertyDescription("At most 5 lines from the failing step's output.")
  public List<String> evidence = new ArrayList<>();

  /** The steps a diagnostic can be attached to. */
  public static final class Step {
    public static final String PREFLIGHT = "preflight";
    public static final String SOURCE = "source";
    public static final String MODULES = "modules";
    public static final String COMPILE = "compile";
    public static final String IMAGE = "image";
    public static final String PUSH = "push";
    public static final String VERIFY = "verify";

    private Step() {}
  }

  public enum Severity {
    Error,
    Warning,
    Info
  }

  public Diagnostic() {}

  public Diagnostic(
      DiagnosticCode code, Severity severity, String step, String message, String hint) {
    this.code = code.name();
    this.severity = severity;
    this.step = step;
    this.message = message;
    this.hint = hint;
  }

  public static Diagnostic error(DiagnosticCode code, String step, String message, String hint) {
    return new Diagnostic(code, Severity.Error, step, message, hint);
  }

  public Diagnostic withEvidence(List<String> lines) {
    var from = Math.max(0, lines.size() - MAX_EVIDENCE_LINES);
    this.evidence = new ArrayList<>(lines.subList(from, lines.size()));
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Diagnostic d
        && Objects.equals(code, d.code)
        && severity == d.severity
        && Objects.equals(step, d.step)
        && Objects.equals(message, d.message)
        && Objects.equals(hint, d.hint)
        && Objects.equals(evidence, d.evidence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, severity, step, message, hint, evidence);
  }

  @Override
  public String toString() {
    return code + "(" + severity + ", " + step + "): " + message;
  }
}
