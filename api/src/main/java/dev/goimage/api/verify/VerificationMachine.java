package dev.goimage.api.verify;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.Diagnostic.Step;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.ChaosStatus;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.VerificationStatus;
import dev.goimage.api.v1alpha1.VerifySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Health, then chaos, as a pure state machine over what the verification pod shows. All progress
 * lives in {@link VerificationStatus}, so an operator restart continues from what was observed and
 * never reports a result it did not see.
 */
public final class VerificationMachine {
  public static final String HEALTH = "Health";
  public static final String CHAOS = "Chaos";
  public static final String PASSED = "Passed";
  public static final String FAILED = "Failed";

  /** How long past recoverWithinSeconds a round is still watched, to report its real time. */
  public static final int MEASURE_BEYOND_BOUND_SECONDS = 60;

  /** The kubelet's longest restart back-off (5 min): a restart may take that long to come. */
  public static final int MAX_RESTART_DELAY_SECONDS = 300;

  /**
   * What the verification pod looks like now; startedAt: when the app container now running started
   * (null while it is not running).
   */
  public record PodView(
      boolean exists,
      boolean ready,
      Instant readySince,
      int restarts,
      Integer lastExitCode,
      String waitingReason,
      List<String> lastLogLines,
      Instant startedAt) {
    public PodView(
        boolean exists,
        boolean ready,
        Instant readySince,
        int restarts,
        Integer lastExitCode,
        String waitingReason,
        List<String> lastLogLines) {
      this(exists, ready, readySince, restarts, lastExitCode, waitingReason, lastLogLines, null);
    }

    public static PodView absent() {
      return new PodView(false, false, null, 0, null, null, List.of());
    }
  }

  public enum Action {
    NONE,
    CREATE_POD,
    KILL,
    REPLACE_POD
  }

  /** The next thing to do, and the failure when verification ends badly. */
  public record Decision(Action action, Diagnostic failure) {
    static Decision of(Action action) {
      return new Decision(action, null);
    }
  }

  public Decision advance(VerifySpec spec, VerificationStatus v, PodView pod, Instant now) {
    if (v.stage == null) {
      v.stage = HEALTH;
      v.startTime = now.toString();
      return Decision.of(Action.CREATE_POD);
    }
    return switch (v.stage) {
      case HEALTH -> health(spec, v, pod, now);
      case CHAOS -> chaos(spec, v, pod, now);
      default -> Decision.of(Action.NONE);
    };
  }

  private Decision health(VerifySpec spec, VerificationStatus v, PodView pod, Instant now) {
    if (!pod.exists()) {
      return Decision.of(Action.CREATE_POD);
    }
    var started = Instant.parse(v.startTime);
    if (pod.ready()) {
      v.health = PASSED;
      var readyAt =
          pod.readySince() != null && pod.readySince().isAfter(started) ? pod.readySince() : now;
      v.healthySeconds = seconds(started, readyAt);
      if (spec.chaos == null) {
        v.stage = PASSED;
        return Decision.of(Action.NONE);
      }
      v.stage = CHAOS;
      v.chaos = new ChaosStatus();
      v.chaos.kills = 0;
      v.chaos.recovered = 0;
      return kill(spec, v, pod, now);
    }
    if (crashLooping(pod)) {
      return fail(
          v,
          DiagnosticCode.HealthCheckFailed,
          "The image crashes at start: its container exited with code "
              + pod.lastExitCode()
              + " and was restarted "
              + times(pod.restarts())
              + " without becoming healthy.",
          "read the evidence (the container's last log lines); the image or its configuration is"
              + " broken, not the probe",
          pod);
    }
    var timeout = spec.health.timeoutSeconds != null ? spec.health.timeoutSeconds : 60;
    if (Duration.between(started, now).getSeconds() >= timeout) {
      return fail(
          v,
          DiagnosticCode.HealthCheckFailed,
          "The image did not become healthy within "
              + timeout
              + " seconds ("
              + probe(spec)
              + ")"
              + (pod.restarts() > 0 ? "; the container restarted " + times(pod.restarts()) : "")
              + ".",
          "check that the service listens where spec.verify.health probes it, or raise"
              + " spec.verify.health.timeoutSeconds",
          pod);
    }
    return Decision.of(Action.NONE);
  }

  /**
   * A round: kill, wait for the restart, then measure from the restarted container's start to
   * healthy. The kubelet's restart back-off between kill and restart is recorded but not held
   * against the image: with it, repeated kills of a perfect image would take 10 s, 20 s, ...
   */
  private Decision chaos(VerifySpec spec, VerificationStatus v, PodView pod, Instant now) {
    var c = v.chaos;
    var bound = spec.chaos.recoverWithinSeconds != null ? spec.chaos.recoverWithinSeconds : 30;
    var round = c.kills;
    if (c.killedAt == null) {
      return kill(spec, v, pod, now);
    }
    var killedAt = Instant.parse(c.killedAt);
    var replaced = Boolean.TRUE.equals(spec.chaos.deletePod);
    var restarted = replaced ? pod.exists() : pod.restarts() > c.restartsBeforeKill;
    // Kubernetes reports start times in whole seconds.
    if (restarted
        && c.restartedAt == null
        && pod.startedAt() != null
        && !pod.startedAt().isBefore(killedAt.truncatedTo(ChronoUnit.SECONDS))) {
      c.restartedAt = pod.startedAt().toString();
    }
    var backAt = c.restartedAt != null ? Instant.parse(c.restartedAt) : null;
    if (restarted && pod.ready()) {
      var from = backAt != null ? backAt : killedAt;
      var readyAt =
          pod.readySince() != null && pod.readySince().isAfter(from) ? pod.readySince() : now;
      var took = seconds(from, readyAt);
      c.roundSeconds.add(took);
      c.restartDelaySeconds.add(backAt != null ? seconds(killedAt, backAt) : 0.0);
      c.slowestRecoverySeconds =
          Math.max(c.slowestRecoverySeconds == null ? 0 : c.slowestRecoverySeconds, took);
      c.killedAt = null;
      c.restartedAt = null;
      c.restartsBeforeKill = null;
      if (took > bound) {
        return roundFailed(
            spec,
            v,
            round,
            "healthy again only "
                + took
                + " s after its restart, more than the bound of "
                + bound
                + " s",
            "make start-up faster, or raise spec.verify.chaos.recoverWithinSeconds above " + took,
            pod);
      }
      c.recovered++;
      if (c.kills >= kills(spec)) {
        v.stage = PASSED;
        return Decision.of(Action.NONE);
      }
      return kill(spec, v, pod, now);
    }
    // Past the bound the round has failed, but the verdict is more useful with the real recovery
    // time, so keep watching a while longer before reporting no recovery at all.
    var watchUntil = bound + MEASURE_BEYOND_BOUND_SECONDS;
    if (backAt != null && Duration.between(backAt, now).getSeconds() > watchUntil) {
      return roundFailed(
          spec,
          v,
          round,
          "not healthy again "
              + watchUntil
              + " s after its restart (the bound is "
              + bound
              + " s)"
              + (crashLooping(pod)
                  ? "; the container keeps exiting with code " + pod.lastExitCode()
                  : ""),
          NO_RECOVERY_HINT,
          pod);
    }
    if (backAt == null
        && Duration.between(killedAt, now).getSeconds() > watchUntil + MAX_RESTART_DELAY_SECONDS) {
      return roundFailed(
          spec,
          v,
          round,
          (pod.exists() ? "the container was not running again" : "no pod came back")
              + " "
              + (watchUntil + MAX_RESTART_DELAY_SECONDS)
              + " s after the kill"
              + (restarted && crashLooping(pod)
                  ? "; it keeps exiting with code " + pod.lastExitCode()
                  : ""),
          NO_RECOVERY_HINT,
          pod);
    }
    return Decision.of(Action.NONE);
  }

  /**
   * The kill of the current round could not be done (the operator could not reach the agent): not
   * the image's fault, so not ChaosRecoveryFailed, and no round time is invented for it.
   */
  public Diagnostic killFailed(VerifySpec spec, VerificationStatus v, String error) {
    v.stage = FAILED;
    return Diagnostic.error(
            DiagnosticCode.BuildFailed,
            Step.VERIFY,
            "Round "
                + v.chaos.kills
                + " of "
                + kills(spec)
                + ": the chaos kill could not be done, so the image's recovery was not tested.",
            "the operator kills through pods/exec into the verification pod's chaos-agent"
                + " container: its role needs get and create on pods/exec (the Helm chart grants"
                + " both), and the installation's runner image needs sh and kill")
        .withEvidence(List.of(error));
  }

  private Decision kill(VerifySpec spec, VerificationStatus v, PodView pod, Instant now) {
    var c = v.chaos;
    c.kills++;
    c.killedAt = now.toString();
    c.restartsBeforeKill = pod.restarts();
    return Decision.of(
        Boolean.TRUE.equals(spec.chaos.deletePod) ? Action.REPLACE_POD : Action.KILL);
  }

  private static final String NO_RECOVERY_HINT =
      "make the service recover faster, or raise spec.verify.chaos.recoverWithinSeconds";

  private static Decision roundFailed(
      VerifySpec spec, VerificationStatus v, int round, String what, String hint, PodView pod) {
    var message = "Round " + round + " of " + kills(spec) + ": " + what + ".";
    return fail(v, DiagnosticCode.ChaosRecoveryFailed, message, hint, pod);
  }

  private static Decision fail(
      VerificationStatus v, DiagnosticCode code, String message, String hint, PodView pod) {
    if (code == DiagnosticCode.HealthCheckFailed) {
      v.health = FAILED;
    }
    v.stage = FAILED;
    var d = Diagnostic.error(code, Step.VERIFY, message, hint).withEvidence(pod.lastLogLines());
    return new Decision(Action.NONE, d);
  }

  /** Restarted and exited again, or the kubelet has given up for now (back-off). */
  static boolean crashLooping(PodView pod) {
    return pod.lastExitCode() != null
        && (pod.restarts() >= 2 || "CrashLoopBackOff".equals(pod.waitingReason()));
  }

  private static String times(int n) {
    return n == 1 ? "once" : n + " times";
  }

  private static int kills(VerifySpec spec) {
    return spec.chaos.kills != null ? spec.chaos.kills : 3;
  }

  private static String probe(VerifySpec spec) {
    var h = spec.health;
    if (h.httpGet != null) {
      return "HTTP GET "
          + (h.httpGet.path == null ? "/" : h.httpGet.path)
          + " on port "
          + h.httpGet.port;
    }
    if (h.tcpSocket != null) {
      return "TCP port " + h.tcpSocket.port;
    }
    return "command " + String.join(" ", h.exec.command);
  }

  /** One line for a passed verification, for the Verified condition and local mode's output. */
  public static String summary(VerificationStatus v) {
    return "Healthy after "
        + v.healthySeconds
        + " s"
        + (v.chaos == null
            ? ""
            : "; recovered from "
                + v.chaos.recovered
                + " kills, slowest "
                + v.chaos.slowestRecoverySeconds
                + " s")
        + ".";
  }

  private static double seconds(Instant from, Instant to) {
    return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
  }
}
