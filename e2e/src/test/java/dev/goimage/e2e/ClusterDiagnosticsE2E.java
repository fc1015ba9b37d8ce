package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The diagnostic codes only a cluster produces: the build pod killed by the kernel for its memory
 * limit (OutOfMemory), and a build stopped by its deadline (BuildTimeout) because the module proxy
 * it was given accepts connections and never answers.
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

    GitFixture.get().publishGenerated(bigTable(), "goimage/bigtable");
    cluster.apply(
        NS,
        Builds.fromHelloExample(
            cluster,
            "goimage/bigtable",
            "oom",
            "e2e/diagnostics",
            "  builder:\n    resources:\n      limits: {memory: " + OOM_LIMIT + "}\n"));
    cluster.apply(
        NS,
        Builds.hello(
            cluster,
            "timeout",
            "e2e/diagnostics",
            "  timeoutSeconds: 60\n  go:\n    proxy: " + proxy + "\n"));
  }

  /**
   * Enough for buildkitd and for compiling the standard library (under about 300 MB); far too
   * little for the generated table, whose compilation needs about 1.3 GB.
   */
  private static final String OOM_LIMIT = "512Mi";

  /**
   * A program with a generated map literal of a million entries, the way generated code (embedded
   * data, large registries) makes the Go compiler run out of memory. Made here: 20 MB of source is
   * not worth committing.
   */
  private static Path bigTable() throws IOException {
    var dir = cluster.repo.resolve("e2e/target/fixtures/bigtable");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("go.mod"), "module example.goimage.dev/bigtable\n\ngo 1.26\n");
    Files.writeString(
        dir.resolve("main.go"),
        "// Command bigtable prints the size of its generated table.\n"
            + "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(len(table)) }\n");
    try (var out = Files.newBufferedWriter(dir.resolve("table.go"))) {
      out.write("package main\n\nvar table = map[string]int{\n");
      for (var i = 0; i < 1_000_000; i++) {
        out.write("\t\"k" + i + "\": " + i + ",\n");
      }
      out.write("}\n");
    }
    return dir;
  }

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
    assertThat(d).containsEntry("code", "OutOfMemory").containsEntry("step", "compile");
    // The kernel killed the compiler inside the pod's limit; go build says so.
    assertThat(String.join("\n", Builds.evidence(d))).contains("compile: signal: killed");
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
