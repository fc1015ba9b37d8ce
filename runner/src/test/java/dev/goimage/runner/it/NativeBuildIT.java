package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** examples/hello through the native graph: push, digest, run, cache, reproducibility, secrets. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeBuildIT {
  private static Infra infra;
  private static Path dir;
  private static String url;
  private static String commit;
  private static final List<String> outputs = new ArrayList<>();
  private static Plans.Run first;

  @BeforeAll
  static void start() throws Exception {
    infra = Infra.get();
    dir = Files.createTempDirectory(infra.base, "native-");
    String[] published = infra.git.publish("examples/hello", "hello-native", null);
    url = published[0];
    commit = published[1];
  }

  private static BuildPlan plan(String tag) throws Exception {
    BuildPlan p = Plans.plan(url, infra.registry + "/it/hello:" + tag);
    p.secrets.sshKeyFile = infra.git.key.toString();
    p.secrets.knownHostsFile = infra.git.writeKnownHosts(dir.resolve("known_hosts")).toString();
    p.output.labels.put("org.opencontainers.image.title", "hello");
    return p;
  }

  private static Plans.Run build(String tag) throws Exception {
    Plans.Run run = Plans.runner(plan(tag), dir);
    outputs.add(run.output());
    outputs.add(run.resultJson());
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run;
  }

  @Test
  @Order(1)
  void pushesTheImageTheRegistryServesAndItAnswersItsHealthEndpoint() throws Exception {
    first = build("v1");
    var result = first.result();
    assertThat(result.succeeded).isTrue();
    assertThat(result.commit).isEqualTo(commit);
    assertThat(result.modulePath).isEqualTo("example.goimage.dev/hello");
    assertThat(result.goVersion).startsWith("go1.26");
    assertThat(result.modulesDownloaded).isNotNull();
    assertThat(result.timings).containsKeys("source", "modules", "compile", "image", "push");
    assertThat(result.timings.get("compile")).isGreaterThanOrEqualTo(0.0);
    var registry = new Registry(infra.registry, null);
    assertThat(registry.manifestDigest("it/hello", "v1")).isEqualTo(result.digest);
    assertThat(result.imageRef).isEqualTo(infra.registry + "/it/hello:v1@" + result.digest);
    // One line per step with its time, the step named.
    assertThat(first.output())
        .containsPattern("#\\d+ (DONE|CACHED) +\\d+\\.\\ds \\[compile\\] go build -trimpath");

    var config = registry.config("it/hello", "v1");
    assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/hello");
    assertThat(config.at("/config/User").asText()).isEqualTo("65532:65532");
    assertThat(config.at("/config/Labels/org.opencontainers.image.revision").asText())
        .isEqualTo(commit);
    assertThat(config.at("/config/Labels/org.opencontainers.image.source").asText()).isEqualTo(url);
    assertThat(config.at("/config/Labels/org.opencontainers.image.title").asText())
        .isEqualTo("hello");
    // hack/gitserver.sh commits with a fixed date: the image is as old as its commit.
    assertThat(config.get("created").asText()).isEqualTo("2000-01-01T00:00:00Z");

    int port = FreePort.find();
    String id =
        Cmd.script(
                "hack/run-image.sh",
                "run",
                result.imageRef,
                "--registry-insecure",
                "--port",
                Integer.toString(port),
                "--wait-http",
                "/healthz")
            .lastLine();
    try {
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok");
    } finally {
      Cmd.quietly("hack/run-image.sh", "stop", id);
    }
  }

  @Test
  @Order(2)
  void theSameCommitAgainDownloadsNothingAndGivesTheSameDigest() throws Exception {
    Plans.Run again = build("v2");
    assertThat(again.result().modulesDownloaded).isZero();
    assertThat(again.result().digest).isEqualTo(first.result().digest);
    assertThat(new Registry(infra.registry, null).manifestDigest("it/hello", "v2"))
        .isEqualTo(first.result().digest);
  }

  @Test
  @Order(3)
  void noKeyMaterialInLayersLogsOrResults() throws Exception {
    Secrets secrets = new Secrets().file(infra.git.key);
    for (String out : outputs) {
      secrets.assertAbsent("runner output / result", out);
    }
    for (byte[] layer : new Registry(infra.registry, null).layers("it/hello", "v1")) {
      secrets.assertAbsent("image layer", layer);
    }
  }

  @Test
  @Order(4)
  void aModuleNoEarlierBuildFetchedIsCountedAsDownloaded() throws Exception {
    // A uuid version no other test uses, with the go.sum lines the go command computes for it.
    Process p =
        new ProcessBuilder("go", "mod", "download", "-json", "github.com/google/uuid@v1.3.0")
            .start();
    var info =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    Path src = dir.resolve("fresh-module");
    Cmd.run(
        java.util.Map.of(),
        true,
        List.of("cp", "-r", Cmd.repoRoot().resolve("examples/hello").toString(), src.toString()));
    Path goMod = src.resolve("go.mod");
    Files.writeString(
        goMod,
        Files.readString(goMod)
            .replace("github.com/google/uuid v1.6.0", "github.com/google/uuid v1.3.0"));
    Files.writeString(
        src.resolve("go.sum"),
        "github.com/google/uuid v1.3.0 "
            + info.get("Sum").asText()
            + "\n"
            + "github.com/google/uuid v1.3.0/go.mod "
            + info.get("GoModSum").asText()
            + "\n");
    String freshUrl = infra.git.publish(src.toString(), "hello-fresh-module", null)[0];
    BuildPlan p2 = Plans.plan(freshUrl, infra.registry + "/it/hello-fresh:v1");
    p2.secrets.sshKeyFile = infra.git.key.toString();
    p2.secrets.knownHostsFile = infra.git.writeKnownHosts(dir.resolve("known_hosts")).toString();
    Plans.Run run = Plans.runner(p2, dir);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.result().modulesDownloaded).as(run.output()).isEqualTo(1);
  }
}
