package dev.goimage.runner.failure;

import dev.goimage.api.v1alpha1.Diagnostic;
import java.util.List;

/**
 * Turns a failed build into diagnostics. The runner calls one at its single failure exit; a fuller
 * classifier (docs/diagnostics.md) replaces the catalogue (CatalogueClassifier) without touching
 * the runner.
 */
@FunctionalInterface
public interface FailureClassifier {
  /** At least one Error diagnostic. */
  List<Diagnostic> classify(FailureReport report);
}
