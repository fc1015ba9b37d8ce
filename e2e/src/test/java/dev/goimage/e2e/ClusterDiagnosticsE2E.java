package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The diagnostic codes only a cluster produces: a process of the build killed by the kernel for the
 * build pod's memory limit (OutOfMemory), and a build stopped by its deadline (BuildTimeout)
 * because the module proxy it was given accepts connections and never answers.
 */
class ClusterDiagnosticsE2E {
  private static final String NS = "e2e-diagnostics";
  private static Cluster cluster;
  private static ServerSocket silentProxy;
  private static final List<Socket> held = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void applyBoth() throws Exception {
    cluster = Cluster.get();
    cluster.createNamespace(NS);
    silentProxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    var acceptor =
        new Thread(
            () -> {
              while (!silentProxy.isClosed()) {
                try {
                  held.add(silentProxy.accept());
                } catch (IOException e) {
                  return;
                }
              }
            },
            "silent-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
    var proxy = "http://" + cluster.expose(silentProxy.getLocalPort());

    cluster.apply(
        NS,
        Builds.fromHelloExample(
            cluster,
            "goimage/tablegen",
            "oom",
            "e2e/diagnostics",
            "  dockerfile: {path: Dockerfile}\n"
                + "  builder:\n    resources:\n      limits: {memory: "
                + OOM_LIMIT
                + "}\n"));
    cluster.apply(
        NS,
        Builds.hello(
            cluster,
            "timeout",
            "e2e/diagnostics",
            "  timeoutSeconds: 60\n  go:\n    proxy: " + proxy + "\n"));
  }

  /**
   * Plenty for buildkitd and for compiling the generator and the program; not for the 1 GiB the
   * generator of examples/fixtures/tablegen builds in memory. (A compiler at its limit is a poor
   * fixture: it can crawl for minutes, the kernel reclaiming its code pages, before the kill.)
   */
  private static final String OOM_LIMIT = "512Mi";

  @AfterAll
  static void cleanup() throws IOException {
    cluster.deleteNamespace(NS);
    silentProxy.close();
    for (var s : held) {
      s.close();
    }
  }

  @Test
  void aBuildOverItsMemoryLimitFailsOutOfMemoryNamingTheLimitField() {
    var build = failed("oom");
    var d = firstError(build);
    assertThat(d).containsEntry("code", "OutOfMemory");
    assertThat(d.get("message")).asString().startsWith("A command of the Dockerfile was killed");
    // The kernel killed the generator inside the pod's limit; go run says so.
    assertThat(String.join("\n", Builds.evidence(d))).contains("signal: killed");
    assertThat(d.get("hint"))
        .asString()
        .startsWith("spec.builder.resources.limits.memory: the build ran with 512Mi")
        .contains("to 1024Mi");
    assertThat(Builds.condition(build, "Succeeded")).containsEntry("reason", "OutOfMemory");
  }

  @Test
  void aBuildStoppedByItsDeadlineFailsBuildTimeoutNamingTheField() {
    var build = failed("timeout");
    var d = firstError(build);
    assertThat(d).containsEntry("code", "BuildTimeout").containsEntry("step", "modules");
    assertThat(d.get("message"))
        .asString()
        .contains("deadline of 60 seconds")
        .contains("while running [modules] go mod download");
    // go's own trace of the request that never got an answer.
    assertThat(String.join("\n", Builds.evidence(d))).contains("# get http://" + cluster.podHost);
    assertThat(d.get("hint")).asString().contains("spec.timeoutSeconds").contains("spec.go.proxy");
    assertThat(Builds.condition(build, "Succeeded")).containsEntry("reason", "BuildTimeout");
    assertThat(held).as("the build reached the silent proxy").isNotEmpty();
  }

  private static GenericKubernetesResource failed(String name) {
    var build = Builds.awaitPhase(cluster, NS, name, Builds.BUILD_TIMEOUT, "Succeeded", "Failed");
    assertThat(Cluster.phase(build)).as(Builds.describe(build)).isEqualTo("Failed");
    return build;
  }

  private static Map<String, Object> firstError(GenericKubernetesResource build) {
    return Builds.diagnostics(build).stream()
        .filter(d -> "Error".equals(d.get("severity")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Error diagnostic: " + Builds.describe(build)));
  }
}
