package dev.goimage.runner.build;

import dev.goimage.api.v1alpha1.Diagnostic;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps a build reports timings and diagnostics for. Our vertexes carry the step in their name
 * ({@code [compile] go build ./cmd/app}); the image exporter's vertexes are the push.
 */
public enum Step {
  SOURCE(Diagnostic.Step.SOURCE),
  MODULES(Diagnostic.Step.MODULES),
  COMPILE(Diagnostic.Step.COMPILE),
  IMAGE(Diagnostic.Step.IMAGE),
  PUSH(Diagnostic.Step.PUSH);

  private final String key;

  Step(String key) {
    this.key = key;
  }

  /** The name used in BuildResult.timings and Diagnostic.step. */
  public String key() {
    return key;
  }

  /** A vertex name for this step: {@code [modules] go mod download}. */
  public String vertexName(String what) {
    return "[" + key + "] " + what;
  }

  /** The step a vertex belongs to, from its name; empty for vertexes we do not know. */
  public static Optional<Step> ofVertex(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Step s : values()) {
      if (name.startsWith("[" + s.key + "]")) {
        return Optional.of(s);
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("exporting") || lower.startsWith("pushing")) {
      return Optional.of(PUSH);
    }
    // Dockerfile mode: the frontend's own vertex names.
    if (lower.startsWith("[internal] load git source") || lower.contains("load build definition")) {
      return Optional.of(SOURCE);
    }
    return Optional.empty();
  }
}
