package dev.goimage.runner;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.VerificationStatus;
import dev.goimage.api.v1alpha1.HealthSpec;
import dev.goimage.api.verify.VerificationMachine;
import dev.goimage.api.verify.VerificationMachine.PodView;
import dev.goimage.runner.progress.StepPrinter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * spec.verify in local mode: the pushed image runs with runc on this machine (hack/run-image.sh,
 * host network), this class plays the kubelet (probe every 200 ms, restart on exit) and the same
 * {@link VerificationMachine} as the operator gives the verdict.
 */
final class LocalVerifier {
  private static final Duration TICK = Duration.ofMillis(200);

  private final Path home;
  private final StepPrinter printer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final VerificationMachine machine = new VerificationMachine();

  LocalVerifier(Path home, StepPrinter printer) {
    this.home = home;
    this.printer = printer;
  }

  /** Verifies {@code result.imageRef}; records the verdict in the result. */
  void verify(BuildPlan plan, BuildResult result) {
    var spec = plan.verify;
    var v = new VerificationStatus();
    result.verification = v;
    var container = new Container(plan, result.imageRef);
    var start = Instant.now();
    printer.message("verify: running " + result.imageRef + " with runc");
    try {
      while (true) {
        var now = Instant.now();
        var decision = machine.advance(spec, v, container.observe(spec.health), now);
        switch (decision.action()) {
          case CREATE_POD -> container.start();
          case KILL -> {
            printer.message("verify: chaos round " + v.chaos.kills + ": kill -9");
            container.kill();
          }
          case REPLACE_POD -> {
            printer.message("verify: chaos round " + v.chaos.kills + ": replace the container");
            container.stop();
            container.start();
          }
          case NONE -> {}
        }
        if (decision.failure() != null) {
          result.diagnostics.add(decision.failure());
          result.succeeded = false;
          break;
        }
        if (VerificationMachine.PASSED.equals(v.stage)) {
          printer.message("verify: " + VerificationMachine.summary(v));
          break;
        }
        Thread.sleep(TICK.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      container.stop();
      result.timings.put(
          "verify", Math.round(Duration.between(start, Instant.now()).toMillis() / 100.0) / 10.0);
    }
  }

  /** One runc container, restarted on exit as a kubelet with restartPolicy Always would. */
  private final class Container {
    private final BuildPlan plan;
    private final String image;
    private String id;
    private int restarts;
    private Integer lastExitCode;
    private boolean wasReady;
    private Instant readySince;
    private Instant startedAt;

    Container(BuildPlan plan, String image) {
      this.plan = plan;
      this.image = image;
    }

    void start() {
      id = "goimage-verify-" + UUID.randomUUID().toString().substring(0, 8);
      restarts = 0;
      lastExitCode = null;
      wasReady = false;
      var cmd = new ArrayList<>(List.of("run", image, "--name", id));
      // Host network: a service that honours $PORT listens where the probe looks.
      var port = probePort(plan.verify.health);
      if (port != null) {
        cmd.addAll(List.of("--env", "PORT=" + port));
      }
      if (plan.output.insecure) {
        cmd.add("--registry-insecure");
      }
      script(cmd);
      startedAt = Instant.now();
    }

    void kill() {
      script(List.of("kill", id));
    }

    void stop() {
      if (id != null) {
        script(List.of("stop", id));
        id = null;
      }
    }

    PodView observe(HealthSpec health) {
      if (id == null) {
        return PodView.absent();
      }
      var state = script(List.of("state", id)).strip();
      if (state.startsWith("exited")) {
        lastExitCode = Integer.valueOf(state.substring("exited".length()).strip());
        restarts++;
        wasReady = false;
        script(List.of("restart", id));
        // No back-off here, unlike a kubelet: the container runs again at once.
        startedAt = Instant.now();
        return new PodView(true, false, null, restarts, lastExitCode, null, logTail(), startedAt);
      }
      if (state.equals("absent")) {
        return PodView.absent();
      }
      var ready = probe(health);
      if (ready && !wasReady) {
        readySince = Instant.now();
      }
      wasReady = ready;
      return new PodView(
          true,
          ready,
          ready ? readySince : null,
          restarts,
          lastExitCode,
          null,
          ready ? List.of() : logTail(),
          startedAt);
    }

    private List<String> logTail() {
      var log = script(List.of("logs", id)).strip();
      if (log.isEmpty()) {
        return List.of();
      }
      var lines = Arrays.asList(log.split("\n"));
      return lines.subList(Math.max(0, lines.size() - 5), lines.size());
    }

    private boolean probe(HealthSpec h) {
      try {
        if (h.httpGet != null) {
          var path = h.httpGet.path == null ? "/" : h.httpGet.path;
          var request =
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.httpGet.port + path))
                  .timeout(Duration.ofSeconds(1))
                  .build();
          var status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          return status >= 200 && status < 400;
        }
        if (h.tcpSocket != null) {
          try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", h.tcpSocket.port), 1000);
            return true;
          }
        }
        var cmd = new ArrayList<>(List.of("exec", id));
        cmd.addAll(h.exec.command);
        return run(cmd).code == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private static Integer probePort(HealthSpec h) {
    return h.httpGet != null ? h.httpGet.port : h.tcpSocket != null ? h.tcpSocket.port : null;
  }

  private String script(List<String> args) {
    return run(args).out;
  }

  private record Result(int code, String out) {}

  private Result run(List<String> args) {
    var cmd = new ArrayList<>(List.of(home.resolve("hack/run-image.sh").toString()));
    cmd.addAll(args);
    try {
      var p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(false).start();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run hack/run-image.sh: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
