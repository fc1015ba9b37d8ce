package dev.goimage.operator.status;

import static dev.goimage.operator.status.Conditions.BUILT;
import static dev.goimage.operator.status.Conditions.PUSHED;
import static dev.goimage.operator.status.Conditions.SUCCEEDED;

import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.Diagnostic.Severity;
import dev.goimage.api.v1alpha1.Diagnostic.Step;
import dev.goimage.api.v1alpha1.GoImageBuildStatus;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.Phase;
import dev.goimage.operator.build.BuildIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Pure status transitions. The reconciler decides which applies; this computes the result. */
public final class StatusComputer {
  private static final Set<String> BUILD_STEPS =
      Set.of(Step.PREFLIGHT, Step.SOURCE, Step.MODULES, Step.COMPILE);

  private StatusComputer() {}

  /**
   * Preflight found errors: no pod is created, the build is Failed until the spec or Secrets
   * change.
   */
  public static void preflightFailed(
      GoImageBuildStatus s, BuildIdentity id, List<Diagnostic> diagnostics, String now) {
    begin(s, id);
    s.buildJob = null;
    s.startTime = null;
    s.completionTime = now;
    s.diagnostics = new ArrayList<>(diagnostics);
    var first = firstError(diagnostics);
    s.phase = Phase.Failed;
    Conditions.set(
        s.conditions, SUCCEEDED, "False", first.code, first.message, id.generation(), now);
    Conditions.set(
        s.conditions, BUILT, "False", first.code, "No build was started.", id.generation(), now);
    Conditions.set(
        s.conditions, PUSHED, "False", first.code, "No build was started.", id.generation(), now);
  }

  public static void queued(
      GoImageBuildStatus s,
      BuildIdentity id,
      Diagnostic cacheBusy,
      List<Diagnostic> preflight,
      String now) {
    begin(s, id);
    s.phase = Phase.Queued;
    s.buildJob = null;
    s.diagnostics = new ArrayList<>(preflight);
    s.diagnostics.add(cacheBusy);
    Conditions.set(
        s.conditions,
        SUCCEEDED,
        "Unknown",
        cacheBusy.code,
        cacheBusy.message,
        id.generation(),
        now);
    Conditions.set(
        s.conditions,
        BUILT,
        "Unknown",
        cacheBusy.code,
        "Waiting for the cache volume.",
        id.generation(),
        now);
    Conditions.set(
        s.conditions,
        PUSHED,
        "Unknown",
        cacheBusy.code,
        "Waiting for the cache volume.",
        id.generation(),
        now);
  }

  public static void started(
      GoImageBuildStatus s,
      BuildIdentity id,
      String cacheClaim,
      List<Diagnostic> preflight,
      String now) {
    begin(s, id);
    s.phase = Phase.Building;
    s.buildJob = id.jobName();
    s.startTime = now;
    s.completionTime = null;
    s.diagnostics = new ArrayList<>(preflight);
    s.cache = new GoImageBuildStatus.CacheStatus();
    s.cache.volumeClaimName = cacheClaim;
    var msg = "Build Job " + id.jobName() + " created.";
    Conditions.set(s.conditions, SUCCEEDED, "Unknown", "Building", msg, id.generation(), now);
    Conditions.set(s.conditions, BUILT, "Unknown", "Building", msg, id.generation(), now);
    Conditions.set(s.conditions, PUSHED, "Unknown", "Building", msg, id.generation(), now);
  }

  /**
   * The Job of the current build reports in. With {@code verify}, a pushed image goes on to
   * Verifying instead of Succeeded.
   */
  public static void observed(
      GoImageBuildStatus s,
      BuildIdentity id,
      BuildObservation observation,
      boolean verify,
      String now) {
    s.observedGeneration = id.generation();
    s.buildJob = id.jobName();
    if (!observation.finished()) {
      s.phase = Phase.Building;
      return;
    }
    if (s.phase != null && (s.phase.isFinished() || s.phase == Phase.Verifying)) {
      return;
    }
    var r = observation.result();
    var preflight = s.diagnostics.stream().filter(d -> Step.PREFLIGHT.equals(d.step)).toList();
    s.diagnostics = new ArrayList<>(preflight);
    s.diagnostics.addAll(r.diagnostics);
    s.completionTime = now;
    applyResult(s, r);
    if (r.succeeded) {
      var msg = "Pushed " + (s.output != null ? s.output.imageRef : "the image") + ".";
      if (verify) {
        s.phase = Phase.Verifying;
        s.completionTime = null;
        Conditions.set(
            s.conditions,
            SUCCEEDED,
            "Unknown",
            "Verifying",
            msg + " Verifying it.",
            id.generation(),
            now);
        Conditions.set(
            s.conditions,
            Conditions.VERIFIED,
            "Unknown",
            "Verifying",
            "Running the image by digest.",
            id.generation(),
            now);
      } else {
        s.phase = Phase.Succeeded;
        Conditions.set(s.conditions, SUCCEEDED, "True", "Succeeded", msg, id.generation(), now);
      }
      Conditions.set(
          s.conditions,
          BUILT,
          "True",
          "Built",
          "The binary and image were built.",
          id.generation(),
          now);
      Conditions.set(s.conditions, PUSHED, "True", "Pushed", msg, id.generation(), now);
      return;
    }
    s.phase = Phase.Failed;
    var first = firstError(s.diagnostics);
    Conditions.set(
        s.conditions, SUCCEEDED, "False", first.code, first.message, id.generation(), now);
    var builtFailed = first.step == null || BUILD_STEPS.contains(first.step);
    if (builtFailed) {
      Conditions.set(s.conditions, BUILT, "False", first.code, first.message, id.generation(), now);
    } else {
      Conditions.set(
          s.conditions,
          BUILT,
          "True",
          "Built",
          "The binary and image were built.",
          id.generation(),
          now);
    }
    Conditions.set(s.conditions, PUSHED, "False", first.code, first.message, id.generation(), now);
  }

  private static void applyResult(GoImageBuildStatus s, BuildResult r) {
    if (r.commit != null || r.goVersion != null || r.modulePath != null) {
      s.source = new GoImageBuildStatus.SourceStatus();
      s.source.commit = r.commit;
      s.source.goVersion = r.goVersion;
      s.source.modulePath = r.modulePath;
    }
    if (r.digest != null) {
      s.output = new GoImageBuildStatus.OutputStatus();
      s.output.image = r.image;
      s.output.digest = r.digest;
      s.output.shortDigest = shortDigest(r.digest);
      s.output.imageRef = r.imageRef;
    }
    if (r.modulesDownloaded != null) {
      if (s.cache == null) {
        s.cache = new GoImageBuildStatus.CacheStatus();
      }
      s.cache.modulesDownloaded = r.modulesDownloaded;
    }
    s.timings = new java.util.LinkedHashMap<>(r.timings);
  }

  static String shortDigest(String digest) {
    var hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return "sha256:" + hex.substring(0, Math.min(12, hex.length()));
  }

  /** A new build (generation or rebuild) starts from a clean slate, keeping condition history. */
  private static void begin(GoImageBuildStatus s, BuildIdentity id) {
    if (s.observedGeneration == null
        || s.observedGeneration != id.generation()
        || !java.util.Objects.equals(s.rebuildToken, id.rebuildToken())
        || (s.buildJob != null && !s.buildJob.equals(id.jobName()))) {
      s.output = null;
      s.source = null;
      s.cache = null;
      s.timings = new java.util.LinkedHashMap<>();
      s.verification = null;
      s.completionTime = null;
    }
    s.observedGeneration = id.generation();
    s.rebuildToken = id.rebuildToken();
  }

  static Diagnostic firstError(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .filter(d -> d.severity == Severity.Error)
        .findFirst()
        .orElseGet(
            () ->
                Diagnostic.error(
                    dev.goimage.api.v1alpha1.DiagnosticCode.BuildFailed,
                    null,
                    "The build failed without a diagnostic.",
                    "read the build pod's log"));
  }
}
