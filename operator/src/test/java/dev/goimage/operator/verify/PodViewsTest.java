package dev.goimage.operator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pod status as the kubelet writes it → what the verification machine sees. */
class PodViewsTest {
  @Test
  void runningAndReadyAppGivesItsStartAndReadyTimes() {
    var status =
        new ContainerStatusBuilder()
            .withName("app")
            .withReady(true)
            .withRestartCount(2)
            .withNewState()
            .withNewRunning("2026-11-21T10:00:21Z")
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("Error")
            .withStartedAt("2026-11-21T10:00:05Z")
            .endTerminated()
            .endLastState()
            .build();
    var view = PodViews.of(pod(status, true), List.of());
    assertThat(view.ready()).isTrue();
    assertThat(view.restarts()).isEqualTo(2);
    assertThat(view.lastExitCode()).isEqualTo(137);
    assertThat(view.startedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:21Z"));
    assertThat(view.readySince()).isEqualTo(Instant.parse("2026-11-21T10:00:22Z"));
  }

  @Test
  void backingOffAppGivesTheStartOfTheContainerThatExitedLast() {
    var status =
        new ContainerStatusBuilder()
            .withName("app")
            .withReady(false)
            .withRestartCount(3)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(2)
            .withMessage("panic: boom")
            .withStartedAt("2026-11-21T10:00:40Z")
            .endTerminated()
            .endLastState()
            .build();
    var view = PodViews.of(pod(status, false), List.of());
    assertThat(view.waitingReason()).isEqualTo("CrashLoopBackOff");
    assertThat(view.startedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:40Z"));
    assertThat(view.lastLogLines()).containsExactly("panic: boom");
  }

  private static Pod pod(io.fabric8.kubernetes.api.model.ContainerStatus app, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("hello-g1-verify")
        .endMetadata()
        .withNewStatus()
        .withConditions(
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2026-11-21T10:00:22Z")
                .build())
        .withContainerStatuses(app)
        .endStatus()
        .build();
  }
}
