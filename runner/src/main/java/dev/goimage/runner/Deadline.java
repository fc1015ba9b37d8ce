package dev.goimage.runner;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.buildkit.progress.VertexProgress;
import dev.goimage.runner.build.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * spec.timeoutSeconds for the whole build: when it passes, the connection to buildkitd is closed,
 * which cancels the solve, and the build fails with {@code BuildTimeout}. (In a cluster the Job's
 * deadline is the backstop for a runner that cannot even get this far.)
 */
final class Deadline {
  private final int seconds;
  private final AtomicBoolean expired = new AtomicBoolean();

  Deadline(int seconds) {
    this.seconds = seconds;
  }

  /** A timer that closing disarms. */
  interface Timer extends AutoCloseable {
    @Override
    void close();
  }

  /** Closes {@code resource} when the deadline passes; closing the returned timer disarms it. */
  Timer closeOnExpiry(AutoCloseable resource) {
    if (seconds <= 0) {
      return () -> {};
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "goimage-deadline");
              t.setDaemon(true);
              return t;
            });
    timer.schedule(
        () -> {
          expired.set(true);
          try {
            resource.close();
          } catch (Exception ignored) {
            // The solve fails either way; that failure is reported as the timeout.
          }
        },
        seconds,
        TimeUnit.SECONDS);
    return () -> timer.shutdownNow();
  }

  boolean expired() {
    return expired.get();
  }

  /**
   * BuildTimeout, naming the step that was still running when the deadline passed (the last one
   * started that is one of ours), with its last log lines as evidence.
   */
  Diagnostic diagnostic(List<VertexProgress> running) {
    var stuck =
        running.stream()
            .filter(v -> Step.ofVertex(v.name()).isPresent())
            .reduce((first, second) -> second);
    var step = stuck.flatMap(v -> Step.ofVertex(v.name()));
    var message =
        "The build did not finish within its deadline of " + seconds + " seconds and was cancelled";
    if (stuck.isPresent()) {
      var since = stuck.get().started();
      message +=
          " while running "
              + stuck.get().name()
              + (since == null
                  ? ""
                  : " (for " + Duration.between(since, Instant.now()).getSeconds() + " s)");
    }
    var hint =
        "spec.timeoutSeconds: raise it above "
            + seconds
            + " if the build is just slow; a warm spec.cache also makes builds faster";
    if (step.orElse(null) == Step.MODULES) {
      hint +=
          ". A module download that never ends points at the module proxy: check spec.go.proxy"
              + " (and spec.go.private for modules that must not go through it)";
    }
    var d =
        Diagnostic.error(
            DiagnosticCode.BuildTimeout, step.map(Step::key).orElse(null), message + ".", hint);
    stuck.ifPresent(v -> d.withEvidence(v.lastLines()));
    return d;
  }
}
