package dev.goimage.runner;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.BuildKitException;
import dev.goimage.buildkit.SolveFailedException;
import dev.goimage.buildkit.SolveResult;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.progress.BuildProgress;
import dev.goimage.buildkit.progress.VertexProgress;
import dev.goimage.buildkit.session.SessionAttachables;
import dev.goimage.runner.build.CacheRepair;
import dev.goimage.runner.build.DockerfileBuild;
import dev.goimage.runner.build.GoBuildGraph;
import dev.goimage.runner.build.ImageExport;
import dev.goimage.runner.build.ModuleCount;
import dev.goimage.runner.build.SourceInfo;
import dev.goimage.runner.build.SourceUrls;
import dev.goimage.runner.build.Step;
import dev.goimage.runner.failure.FailureClassifier;
import dev.goimage.runner.failure.FailureReport;
import dev.goimage.runner.failure.Redactor;
import dev.goimage.runner.progress.RunningSteps;
import dev.goimage.runner.progress.StepPrinter;
import dev.goimage.runner.progress.StepTimings;
import dev.goimage.runner.progress.Tee;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs one BuildPlan against buildkitd: a probe solve (commit, commit time, module path, Go
 * version), then the build solve (native LLB or the Dockerfile frontend) that pushes the image.
 * Every failure ends in diagnostics: preflight rules, {@code BuildKitUnavailable}, or the
 * classifier's reading of a {@link FailureReport}.
 */
public final class BuildRunner {
  private final Supplier<BuildKitClient> connect;
  private final String address;
  private final StepPrinter printer;
  private final FailureClassifier classifier;

  public BuildRunner(
      Supplier<BuildKitClient> connect,
      String address,
      StepPrinter printer,
      FailureClassifier classifier) {
    this.connect = connect;
    this.address = address;
    this.printer = printer;
    this.classifier = classifier;
  }

  public BuildResult run(BuildPlan plan) {
    BuildResult result = new BuildResult();
    result.image = plan.output.image;
    StepTimings timings = new StepTimings();
    List<Diagnostic> preflight = Preflight.check(plan);
    if (!preflight.isEmpty()) {
      result.diagnostics.addAll(preflight);
      result.timings = timings.seconds();
      return result;
    }
    Redactor redactor = Redactor.forPlan(plan);
    SourceInfo info = new SourceInfo(null, null, null, null);
    var deadline = new Deadline(plan.timeoutSeconds);
    var running = new RunningSteps();
    try (BuildKitClient client = connect.get();
        var timer = deadline.closeOnExpiry(client)) {
      try {
        var daemon = client.info();
        printer.message("buildkitd " + daemon.version() + " at " + address);
      } catch (BuildKitException e) {
        result.diagnostics.add(unavailable(e.getMessage()));
        return result;
      }
      Platform platform = Platform.parse(plan.go.platforms.get(0));
      SessionAttachables session = Sessions.of(plan);
      Tee listener = new Tee(printer, timings, running);
      GoBuildGraph graph = new GoBuildGraph(plan, platform);

      GoBuildGraph.Probe probe = graph.probe(UUID.randomUUID().toString());
      SolveResult probed = client.solve(SolveSpec.llb(probe.definition()), session, listener);
      timings.add(probed.progress());
      info =
          SourceInfo.parse(
              probed
                  .progress()
                  .find(probe.definition().digestOf(probe.exec()))
                  .or(() -> byName(probed.progress(), probe.exec().customName()))
                  .map(VertexProgress::lastLines)
                  .orElse(List.of()));
      result.commit = info.commit();
      result.modulePath = info.modulePath();
      result.goVersion = info.goVersion();
      printer.message(
          "source "
              + SourceUrls.withoutCredentials(plan.source.gitUrl)
              + " at "
              + plan.source.revision
              + ": commit "
              + info.commit()
              + (info.modulePath() == null ? "" : ", module " + info.modulePath())
              + (info.goVersion() == null ? "" : ", " + info.goVersion()));

      if (plan.dockerfile == null) {
        var early = sourceProblems(plan, info);
        if (!early.isEmpty()) {
          result.diagnostics.addAll(early);
          result.timings = timings.seconds();
          return result;
        }
      }
      SolveSpec spec;
      if (plan.dockerfile != null) {
        spec = DockerfileBuild.solveSpec(plan, info, platform);
      } else {
        GoBuildGraph.Graph g = graph.build(info);
        String config =
            ImageExport.config(platform, g.binary(), graph.labels(info), info.commitTime());
        spec =
            SolveSpec.llb(g.definition())
                .exporter(ImageExport.exporter(plan, info.commitTime(), config));
      }
      SolveResult built = client.solve(spec, session, listener);
      timings.add(built.progress());
      var modulesLog =
          byPrefix(built.progress(), "[" + Step.MODULES.key() + "]")
              .map(VertexProgress::lastLines)
              .orElse(List.of());
      result.modulesDownloaded = plan.dockerfile != null ? null : ModuleCount.parse(modulesLog);
      result.diagnostics.addAll(CacheRepair.diagnostics(modulesLog));
      result.digest = built.imageDigest().orElse(null);
      result.imageRef = result.digest == null ? null : plan.output.image + "@" + result.digest;
      result.succeeded = result.digest != null || !plan.output.push;
      if (!result.succeeded) {
        result.diagnostics.add(
            Diagnostic.error(
                DiagnosticCode.BuildFailed,
                Diagnostic.Step.PUSH,
                "BuildKit finished without reporting an image digest.",
                "Check the exporter output of the build log."));
      }
    } catch (SolveFailedException e) {
      var now = java.time.Instant.now();
      if (deadline.expired()) {
        running.now().forEach(v -> timings.addUnfinished(v, now));
      } else {
        e.failedVertex().ifPresent(v -> timings.addUnfinished(v, now));
      }
      result.diagnostics.addAll(
          deadline.expired()
              ? List.of(redacted(deadline.diagnostic(running.now()), redactor))
              : failed(plan, e, redactor, info));
    } catch (BuildKitException e) {
      if (deadline.expired()) {
        var now = java.time.Instant.now();
        running.now().forEach(v -> timings.addUnfinished(v, now));
      }
      result.diagnostics.add(
          deadline.expired()
              ? redacted(deadline.diagnostic(running.now()), redactor)
              : unavailable(e.getMessage()));
    } catch (RuntimeException e) {
      result.diagnostics.add(
          Diagnostic.error(
                  DiagnosticCode.BuildFailed,
                  Diagnostic.Step.PREFLIGHT,
                  "The runner failed before the build: "
                      + redactor.redact(String.valueOf(e.getMessage())),
                  "Check the plan's files (secrets, known_hosts) and the runner's log.")
              .withEvidence(List.of(redactor.redact(e.toString()))));
    }
    result.timings = timings.seconds();
    return result;
  }

  private List<Diagnostic> failed(
      BuildPlan plan, SolveFailedException e, Redactor redactor, SourceInfo info) {
    if (e.code() == Status.Code.UNAVAILABLE) {
      return List.of(unavailable(e.daemonMessage()));
    }
    FailureReport report = report(plan, e, redactor, info);
    List<String> shown = report.evidenceLines();
    printer.message(
        "build failed in step "
            + (report.vertexName() == null ? "?" : report.vertexName())
            + ": "
            + report.daemonMessage());
    shown
        .subList(Math.max(0, shown.size() - 20), shown.size())
        .forEach(l -> printer.message("  | " + l));
    List<Diagnostic> out = new ArrayList<>(classifier.classify(report));
    if (names(out, DiagnosticCode.GitRevisionNotFound)) {
      // Worded again with the branches and tags that exist, if they can be listed.
      List<String> refs = new GitRefLookup(connect, printer).refs(plan, redactor);
      if (!refs.isEmpty()) {
        out = new ArrayList<>(classifier.classify(report.withGitRefs(refs)));
      }
    }
    if (out.isEmpty()) {
      out.add(
          Diagnostic.error(DiagnosticCode.BuildFailed, report.step(), "The build failed.", "")
              .withEvidence(shown));
    }
    return out;
  }

  private static boolean names(List<Diagnostic> diagnostics, DiagnosticCode code) {
    return diagnostics.stream().anyMatch(d -> code.name().equals(d.code));
  }

  /**
   * What the source probe already shows to be wrong, classified by the catalogue like any failure
   * (so each code keeps one wording): no go.mod in the module root, a library as main package.
   */
  private List<Diagnostic> sourceProblems(BuildPlan plan, SourceInfo info) {
    String line = null;
    String step = null;
    if (info.modulePath() == null) {
      step = Diagnostic.Step.MODULES;
      line =
          "go: go.mod file not found in current directory or any parent directory (module root "
              + plan.source.moduleRoot
              + ")";
    } else if (info.packageName() != null && !info.packageName().equals("main")) {
      step = Diagnostic.Step.COMPILE;
      line =
          "goimage: "
              + plan.source.packagePath
              + " is not a main package (package "
              + info.packageName()
              + ")";
    }
    if (line == null) {
      return List.of();
    }
    printer.message(line);
    var report =
        new FailureReport(
            step,
            null,
            null,
            null,
            List.of(line),
            "",
            plan,
            info.goModDirs(),
            info.mainPackages(),
            info.dockerfiles(),
            List.of());
    return classifier.classify(report);
  }

  /** The failure as a classifier sees it, with secrets redacted. */
  static FailureReport report(
      BuildPlan plan, SolveFailedException e, Redactor redactor, SourceInfo info) {
    VertexProgress v = e.failedVertex().orElse(null);
    String name = v == null ? null : v.name();
    String step =
        Step.ofVertex(name)
            .map(Step::key)
            .orElse(
                name == null && e.daemonMessage().contains("push") ? Diagnostic.Step.PUSH : null);
    if (step == null) {
      step = guessStep(e.daemonMessage());
    }
    String command = null;
    if (name != null && Step.ofVertex(name).isPresent()) {
      command = name.substring(name.indexOf(']') + 1).strip();
    }
    List<String> lines = v == null ? e.lastLogLines() : v.lastLines();
    return new FailureReport(
        step,
        redactor.redact(name),
        redactor.redact(command),
        FailureReport.exitCodeOf(e.daemonMessage()),
        redactor.redact(lines),
        redactor.redact(shortMessage(e.daemonMessage())),
        plan,
        info.goModDirs(),
        info.mainPackages(),
        info.dockerfiles(),
        List.of());
  }

  /** The daemon repeats a failed exec's whole script; the step name already says what ran. */
  static String shortMessage(String daemonMessage) {
    return daemonMessage.replaceAll(
        "(?s)process \"/bin/sh -c .*\" did not complete successfully",
        "process did not complete successfully");
  }

  private static String guessStep(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("push") || m.contains("401") || m.contains("unauthorized")) {
      return Diagnostic.Step.PUSH;
    }
    if (m.contains("git")) {
      return Diagnostic.Step.SOURCE;
    }
    return Diagnostic.Step.IMAGE;
  }

  private Diagnostic unavailable(String detail) {
    return Diagnostic.error(
            DiagnosticCode.BuildKitUnavailable,
            Diagnostic.Step.PREFLIGHT,
            "Cannot reach buildkitd at " + address + ".",
            "Check that buildkitd runs and listens at " + address + " (its own log tells why not).")
        .withEvidence(List.of(String.valueOf(detail)));
  }

  private static java.util.Optional<VertexProgress> byName(BuildProgress p, String name) {
    return p.vertexes().stream().filter(v -> v.name().equals(name)).findFirst();
  }

  private static java.util.Optional<VertexProgress> byPrefix(BuildProgress p, String prefix) {
    return p.vertexes().stream().filter(v -> v.name().startsWith(prefix)).findFirst();
  }

  /** Step names and log lines can carry what the plan's secrets hold. */
  private static Diagnostic redacted(Diagnostic d, Redactor redactor) {
    d.message = redactor.redact(d.message);
    d.evidence = new java.util.ArrayList<>(redactor.redact(d.evidence));
    return d;
  }
}
