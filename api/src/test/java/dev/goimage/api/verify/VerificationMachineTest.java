package dev.goimage.api.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.ChaosSpec;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.VerificationStatus;
import dev.goimage.api.v1alpha1.HealthSpec;
import dev.goimage.api.v1alpha1.VerifySpec;
import dev.goimage.api.verify.VerificationMachine.Action;
import dev.goimage.api.verify.VerificationMachine.PodView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationMachineTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final VerificationMachine machine = new VerificationMachine();

  private static VerifySpec spec(boolean chaos) {
    var spec = new VerifySpec();
    spec.health = new HealthSpec();
    spec.health.httpGet = new HealthSpec.HttpGet();
    spec.health.httpGet.path = "/healthz";
    spec.health.httpGet.port = 8080;
    spec.health.timeoutSeconds = 60;
    if (chaos) {
      spec.chaos = new ChaosSpec();
      spec.chaos.kills = 3;
      spec.chaos.recoverWithinSeconds = 30;
    }
    return spec;
  }

  private static PodView running(boolean ready, int restarts, Instant readySince) {
    return new PodView(
        true, ready, readySince, restarts, restarts > 0 ? 137 : null, null, List.of());
  }

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  @Test
  void healthyImagePassesAndRecordsTimeToHealthy() {
    var v = new VerificationStatus();
    assertThat(machine.advance(spec(false), v, PodView.absent(), T0).action())
        .isEqualTo(Action.CREATE_POD);
    assertThat(machine.advance(spec(false), v, running(false, 0, null), at(1)).action())
        .isEqualTo(Action.NONE);
    var d = machine.advance(spec(false), v, running(true, 0, at(2.5)), at(3));
    assertThat(d.failure()).isNull();
    assertThat(v.stage).isEqualTo("Passed");
    assertThat(v.health).isEqualTo("Passed");
    assertThat(v.healthySeconds).isEqualTo(2.5);
  }

  @Test
  void neverHealthyFailsAtTheTimeoutNamingTheProbe() {
    var v = new VerificationStatus();
    machine.advance(spec(false), v, PodView.absent(), T0);
    assertThat(machine.advance(spec(false), v, running(false, 0, null), at(59)).failure()).isNull();
    var d =
        machine.advance(
            spec(false),
            v,
            new PodView(true, false, null, 0, null, null, List.of("listening on :9090")),
            at(60));
    assertThat(d.failure().code).isEqualTo("HealthCheckFailed");
    assertThat(d.failure().message)
        .contains("60 seconds")
        .contains("HTTP GET /healthz on port 8080");
    assertThat(d.failure().evidence).containsExactly("listening on :9090");
    assertThat(v.stage).isEqualTo("Failed");
  }

  @Test
  void crashingImageIsReportedAsCrashingWithItsExitCodeNotAsATimeout() {
    var v = new VerificationStatus();
    machine.advance(spec(false), v, PodView.absent(), T0);
    var crash =
        new PodView(true, false, null, 2, 3, "CrashLoopBackOff", List.of("panic: no config"));
    var d = machine.advance(spec(false), v, crash, at(5));
    assertThat(d.failure().code).isEqualTo("HealthCheckFailed");
    assertThat(d.failure().message).contains("crashes at start").contains("exited with code 3");
    assertThat(d.failure().evidence).containsExactly("panic: no config");
  }

  @Test
  void chaosKillsThreeTimesAndMeasuresEachRecovery() {
    var spec = spec(true);
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    assertThat(machine.advance(spec, v, running(true, 0, at(2)), at(2)).action())
        .isEqualTo(Action.KILL);
    assertThat(v.chaos.kills).isEqualTo(1);
    // Not yet restarted: wait.
    assertThat(machine.advance(spec, v, running(true, 0, at(2)), at(2.5)).action())
        .isEqualTo(Action.NONE);
    assertThat(machine.advance(spec, v, running(true, 1, at(4.1)), at(4.2)).action())
        .isEqualTo(Action.KILL);
    assertThat(machine.advance(spec, v, running(true, 2, at(7.3)), at(7.5)).action())
        .isEqualTo(Action.KILL);
    var last = machine.advance(spec, v, running(true, 3, at(8.6)), at(9));
    assertThat(last.failure()).isNull();
    assertThat(v.stage).isEqualTo("Passed");
    assertThat(v.chaos.kills).isEqualTo(3);
    assertThat(v.chaos.recovered).isEqualTo(3);
    assertThat(v.chaos.roundSeconds).containsExactly(2.1, 3.1, 1.1);
    assertThat(v.chaos.slowestRecoverySeconds).isEqualTo(3.1);
  }

  @Test
  void theKubeletsRestartBackOffIsRecordedButNotHeldAgainstTheImage() {
    var spec = spec(true);
    spec.chaos.recoverWithinSeconds = 5;
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    machine.advance(spec, v, running(true, 0, at(1)), at(1));
    // Exited and waiting out the back-off: no container runs.
    var backingOff = new PodView(true, false, null, 1, 137, "CrashLoopBackOff", List.of(), at(0.5));
    assertThat(machine.advance(spec, v, backingOff, at(15)).failure()).isNull();
    // Started again 20 s after the kill, healthy 1.5 s later.
    var d = machine.advance(spec, v, restarted(true, 1, at(22.5), at(21)), at(23));
    assertThat(d.failure()).isNull();
    assertThat(v.chaos.roundSeconds).containsExactly(1.5);
    assertThat(v.chaos.restartDelaySeconds).containsExactly(20.0);
    assertThat(v.chaos.recovered).isEqualTo(1);
  }

  @Test
  void aRestartedContainerThatNeverGetsHealthyFailsCountingFromItsRestart() {
    var spec = spec(true);
    spec.chaos.recoverWithinSeconds = 5;
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    machine.advance(spec, v, running(true, 0, at(1)), at(1));
    assertThat(machine.advance(spec, v, restarted(false, 1, null, at(11)), at(12)).failure())
        .isNull();
    assertThat(machine.advance(spec, v, restarted(false, 1, null, at(11)), at(75)).failure())
        .isNull();
    var d = machine.advance(spec, v, restarted(false, 1, null, at(11)), at(77));
    assertThat(d.failure().code).isEqualTo("ChaosRecoveryFailed");
    assertThat(d.failure().message)
        .isEqualTo("Round 1 of 3: not healthy again 65 s after its restart (the bound is 5 s).");
  }

  private static PodView restarted(
      boolean ready, int restarts, Instant readySince, Instant startedAt) {
    return new PodView(true, ready, readySince, restarts, 137, null, List.of(), startedAt);
  }

  @Test
  void slowRecoveryFailsNamingTheRoundAndTheTime() {
    var spec = spec(true);
    spec.chaos.recoverWithinSeconds = 5;
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    machine.advance(spec, v, running(true, 0, at(1)), at(1));
    var d = machine.advance(spec, v, running(true, 1, at(8.4)), at(8.5));
    assertThat(d.failure().code).isEqualTo("ChaosRecoveryFailed");
    assertThat(d.failure().message)
        .contains("Round 1 of 3")
        .contains("7.4 s")
        .contains("bound of 5 s");
    assertThat(d.failure().hint).contains("spec.verify.chaos.recoverWithinSeconds");
  }

  @Test
  void recoveryPastTheBoundIsStillMeasuredSoTheVerdictNamesTheRealTime() {
    var spec = spec(true);
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    machine.advance(spec, v, running(true, 0, at(1)), at(1));
    assertThat(machine.advance(spec, v, running(false, 1, null), at(40)).failure()).isNull();
    var d = machine.advance(spec, v, running(true, 1, at(45)), at(46));
    assertThat(d.failure().code).isEqualTo("ChaosRecoveryFailed");
    assertThat(d.failure().message).startsWith("Round 1 of 3: healthy again only 44.0 s after");
    assertThat(v.chaos.roundSeconds).containsExactly(44.0);
  }

  @Test
  void noRecoveryFailsWhenWatchingPastTheBoundEnds() {
    var spec = spec(true);
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    machine.advance(spec, v, running(true, 0, at(1)), at(1));
    machine.advance(spec, v, running(true, 1, at(2)), at(2));
    assertThat(machine.advance(spec, v, running(false, 2, null), at(33)).failure()).isNull();
    var crashing = new PodView(true, false, null, 4, 2, "CrashLoopBackOff", List.of("panic: x"));
    var d = machine.advance(spec, v, crashing, at(393));
    assertThat(d.failure().code).isEqualTo("ChaosRecoveryFailed");
    assertThat(d.failure().message)
        .startsWith("Round 2 of 3: the container was not running again 390 s after the kill")
        .contains("keeps exiting with code 2");
    assertThat(d.failure().evidence).containsExactly("panic: x");
  }

  @Test
  void aKillThatCouldNotBeDoneIsNotBlamedOnTheImage() {
    var spec = spec(true);
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    assertThat(machine.advance(spec, v, running(true, 0, at(1)), at(1)).action())
        .isEqualTo(Action.KILL);
    var d = machine.killFailed(spec, v, "Unexpected HTTP response status code 403");
    assertThat(d.code).isEqualTo("BuildFailed");
    assertThat(d.message).startsWith("Round 1 of 3: the chaos kill could not be done");
    assertThat(d.hint).contains("pods/exec");
    assertThat(d.evidence).containsExactly("Unexpected HTTP response status code 403");
    assertThat(v.stage).isEqualTo("Failed");
    assertThat(v.chaos.roundSeconds).isEmpty();
    assertThat(machine.advance(spec, v, running(true, 0, at(1)), at(9)).action())
        .isEqualTo(Action.NONE);
  }

  @Test
  void progressSurvivesAnOperatorRestartThroughTheStatus() {
    var spec = spec(true);
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    machine.advance(spec, v, running(true, 0, at(1)), at(1));
    // The operator restarts: only what was written to status survives.
    var restored = Json.read(Json.writeCompact(v), VerificationStatus.class);
    assertThat(machine.advance(spec, restored, running(true, 0, at(1)), at(1.5)).action())
        .isEqualTo(Action.NONE);
    assertThat(restored.chaos.kills).isEqualTo(1);
    assertThat(machine.advance(spec, restored, running(true, 1, at(3)), at(3)).action())
        .isEqualTo(Action.KILL);
    assertThat(restored.chaos.roundSeconds).containsExactly(2.0);
  }

  @Test
  void deletePodModeReplacesThePod() {
    var spec = spec(true);
    spec.chaos.deletePod = true;
    var v = new VerificationStatus();
    machine.advance(spec, v, PodView.absent(), T0);
    assertThat(machine.advance(spec, v, running(true, 0, at(1)), at(1)).action())
        .isEqualTo(Action.REPLACE_POD);
    assertThat(machine.advance(spec, v, running(false, 0, null), at(2)).action())
        .isEqualTo(Action.NONE);
    assertThat(machine.advance(spec, v, running(true, 0, at(3)), at(3)).action())
        .isEqualTo(Action.REPLACE_POD);
    assertThat(v.chaos.roundSeconds).containsExactly(2.0);
  }
}
