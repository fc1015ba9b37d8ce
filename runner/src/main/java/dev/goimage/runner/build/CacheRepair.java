package dev.goimage.runner.build;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.Diagnostic.Severity;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The modules step repairs a module that changed inside the cache ({@code goimage:cache-corrupted=
 * MODULE@VERSION} lines) and verifies again. When that worked the build goes on, and this says so
 * as a warning: a cache that changes under us is worth knowing about.
 */
public final class CacheRepair {
  static final String KEY = "goimage:cache-corrupted=";

  private CacheRepair() {}

  public static List<Diagnostic> diagnostics(List<String> modulesLog) {
    var repaired = new ArrayList<String>();
    var evidence = new ArrayList<String>();
    for (var line : modulesLog) {
      var l = line.strip();
      if (l.startsWith(KEY)) {
        repaired.add(l.substring(KEY.length()));
      } else if (l.contains("dir has been modified")) {
        evidence.add(l);
      }
    }
    if (repaired.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Diagnostic(
                DiagnosticCode.CacheCorrupted,
                Severity.Warning,
                Diagnostic.Step.MODULES,
                "go mod verify found "
                    + String.join(", ", repaired)
                    + " modified in the module"
                    + " cache; the entry was removed, extracted again and verified, and the build"
                    + " went on.",
                "nothing for this build; if it happens again, the cache volume (spec.cache) is"
                    + " suspect: give the build a fresh one")
            .withEvidence(evidence));
  }
}
