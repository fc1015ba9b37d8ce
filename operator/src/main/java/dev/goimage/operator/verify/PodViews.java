package dev.goimage.operator.verify;

import dev.goimage.api.verify.VerificationMachine.PodView;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Reads what the machine needs from a pod's status. */
public final class PodViews {
  private PodViews() {}

  public static PodView of(Pod pod, List<String> lastLogLines) {
    if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
      return PodView.absent();
    }
    var status = pod.getStatus();
    ContainerStatus app =
        status == null || status.getContainerStatuses() == null
            ? null
            : status.getContainerStatuses().stream()
                .filter(c -> VerificationPodRenderer.APP.equals(c.getName()))
                .findFirst()
                .orElse(null);
    if (app == null) {
      return new PodView(true, false, null, 0, null, null, lastLogLines);
    }
    Instant readySince = null;
    if (Boolean.TRUE.equals(app.getReady()) && status.getConditions() != null) {
      readySince =
          status.getConditions().stream()
              .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
              .map(
                  c ->
                      c.getLastTransitionTime() == null
                          ? null
                          : Instant.parse(c.getLastTransitionTime()))
              .findFirst()
              .orElse(null);
    }
    Integer exitCode = null;
    var last = app.getLastState() != null ? app.getLastState().getTerminated() : null;
    var now = app.getState() != null ? app.getState().getTerminated() : null;
    var terminated = now != null ? now : last;
    var lines = lastLogLines;
    if (terminated != null) {
      exitCode = terminated.getExitCode();
      if (lines.isEmpty() && terminated.getMessage() != null) {
        lines = Arrays.asList(terminated.getMessage().strip().split("\n"));
      }
    }
    var waiting =
        app.getState() != null && app.getState().getWaiting() != null
            ? app.getState().getWaiting().getReason()
            : null;
    var restarts = app.getRestartCount() == null ? 0 : app.getRestartCount();
    return new PodView(
        true,
        Boolean.TRUE.equals(app.getReady()),
        readySince,
        restarts,
        exitCode,
        waiting,
        lines,
        lastStart(app));
  }

  /** When the app container last started: running now, or exited since (a quick crash). */
  private static Instant lastStart(ContainerStatus app) {
    var state = app.getState();
    if (state != null && state.getRunning() != null && state.getRunning().getStartedAt() != null) {
      return Instant.parse(state.getRunning().getStartedAt());
    }
    if (state != null
        && state.getTerminated() != null
        && state.getTerminated().getStartedAt() != null) {
      return Instant.parse(state.getTerminated().getStartedAt());
    }
    var last = app.getLastState();
    if (state != null
        && state.getWaiting() != null
        && last != null
        && last.getTerminated() != null
        && last.getTerminated().getStartedAt() != null) {
      return Instant.parse(last.getTerminated().getStartedAt());
    }
    return null;
  }
}
