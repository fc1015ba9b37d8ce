package dev.goimage.operator.preflight;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.Diagnostic.Severity;
import dev.goimage.api.v1alpha1.Diagnostic.Step;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.api.v1alpha1.GoImageBuildSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules the CRD schema cannot express, checked before any pod exists. Errors stop the build;
 * warnings and infos are reported next to a build that goes ahead.
 */
public final class SpecValidator {

  public List<Diagnostic> validate(GoImageBuildSpec spec, String effectiveProxy) {
    var out = new ArrayList<Diagnostic>();
    checkPlatforms(spec, out);
    checkDynamicBinary(spec, out);
    checkProxy(effectiveProxy, out);
    checkCache(spec, out);
    return out;
  }

  private static void checkPlatforms(GoImageBuildSpec spec, List<Diagnostic> out) {
    if (spec.go == null || spec.go.platforms == null) {
      return;
    }
    var seen = new java.util.HashSet<String>();
    for (var p : spec.go.platforms) {
      if (!seen.add(p)) {
        out.add(
            Diagnostic.error(
                DiagnosticCode.InvalidSpec,
                Step.PREFLIGHT,
                "spec.go.platforms lists " + p + " twice.",
                "spec.go.platforms: list each platform once"));
      }
    }
    if (Boolean.TRUE.equals(spec.go.cgo) && spec.go.platforms.size() > 1) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.InvalidSpec,
              Step.PREFLIGHT,
              "cgo builds need a C cross-compiler per platform; the builder has one for its own"
                  + " platform only.",
              "spec.go.platforms: build one platform with spec.go.cgo: true, or set"
                  + " spec.go.cgo: false"));
    }
  }

  private static void checkDynamicBinary(GoImageBuildSpec spec, List<Diagnostic> out) {
    var cgo = spec.go != null && Boolean.TRUE.equals(spec.go.cgo);
    var base = spec.output.baseImage;
    var scratch = spec.dockerfile == null && (base == null || base.equals("scratch"));
    if (!cgo || !scratch || linksStatically(spec)) {
      return;
    }
    out.add(
        Diagnostic.error(
            DiagnosticCode.DynamicBinaryOnScratch,
            Step.PREFLIGHT,
            "spec.go.cgo is true, so the binary is linked dynamically against libc, but the base"
                + " image is scratch, which has no libc and no dynamic loader: the image would not"
                + " start.",
            "set spec.go.cgo: false, or spec.output.baseImage to an image with libc (for example"
                + " a distroless base), or link statically with spec.go.ldflags:"
                + " [\"-linkmode=external\", \"-extldflags=-static\"]"));
  }

  private static boolean linksStatically(GoImageBuildSpec spec) {
    return spec.go.ldflags != null
        && spec.go.ldflags.stream()
            .anyMatch(f -> f.contains("-extldflags") && f.contains("-static"));
  }

  private static void checkProxy(String proxy, List<Diagnostic> out) {
    if (proxy != null && proxy.trim().equals("direct")) {
      out.add(
          new Diagnostic(
              DiagnosticCode.ProxyDirectOnly,
              Severity.Warning,
              Step.PREFLIGHT,
              "GOPROXY is 'direct': every module is fetched from its version control host, which"
                  + " is slower and fails when any host is down.",
              "spec.go.proxy: a module proxy with a direct fallback, for example"
                  + " \"https://proxy.example.com,direct\" (private modules go direct anyway through"
                  + " spec.go.private)"));
    }
  }

  private static void checkCache(GoImageBuildSpec spec, List<Diagnostic> out) {
    if (spec.cache == null) {
      out.add(
          new Diagnostic(
              DiagnosticCode.NoPersistentCache,
              Severity.Info,
              Step.PREFLIGHT,
              "No cache volume: this build downloads every module and compiles every package"
                  + " from scratch.",
              "spec.cache: {size: 10Gi} for a cache of this build's own, or"
                  + " spec.cache.volumeClaimName to share an existing claim"));
    }
  }
}
