package dev.goimage.buildkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.Exporter;
import dev.goimage.buildkit.SolveFailedException;
import dev.goimage.buildkit.SolveResult;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.llb.ImageConfig;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.llb.State;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.session.DockerConfig;
import dev.goimage.buildkit.session.SessionAttachables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pushes to real registries (plain and htpasswd) and the Dockerfile frontend. */
class RegistryIT {
  private static final String USER = "builder";
  private static BuildKitClient client;
  private static String password;
  private static String authRegistry;
  private static Path authRegistryDir;

  @BeforeAll
  static void start() throws Exception {
    client = TestDaemon.get().client();
    password = UUID.randomUUID().toString();
    authRegistryDir = Files.createTempDirectory("goimage-bk-authreg-");
    authRegistry =
        Tools.lastLine(
            Tools.run(
                    Map.of("GOIMAGE_REGISTRY_HTPASSWD", USER + ":" + password),
                    "hack/registry.sh",
                    "start",
                    "--port",
                    "0",
                    "--dir",
                    authRegistryDir.toString())
                .output());
  }

  @AfterAll
  static void stop() {
    client.close();
    Tools.run(Map.of(), false, "hack/registry.sh", "stop", "--dir", authRegistryDir.toString());
    Tools.deleteTree(authRegistryDir);
  }

  private static LlbDefinition uniqueImage() {
    State s =
        Llb.file(Llb.image("busybox"))
            .mkfile("/etc/build-id", 0644, UUID.randomUUID().toString())
            .name("stamp build id")
            .state();
    return LlbDefinition.of(s, Platform.LINUX_AMD64);
  }

  private static Exporter push(String ref) {
    return Exporter.image(ref)
        .push(true)
        .insecureRegistry(true)
        .imageConfig(new ImageConfig(Platform.LINUX_AMD64).entrypoint("/bin/sh").user("65534"));
  }

  @Test
  void pushesToTheRegistryAndTheManifestDigestMatches() throws Exception {
    String registry = TestDaemon.get().registry();
    SolveResult r =
        client.solve(
            SolveSpec.llb(uniqueImage()).exporter(push(registry + "/it/plain:v1")),
            SessionAttachables.none(),
            ProgressListener.NONE);

    String digest = r.imageDigest().orElseThrow();
    assertThat(manifestDigest(registry, "it/plain", "v1", null)).isEqualTo(digest);
    assertThat(r.exporterResponse()).containsEntry("image.name", registry + "/it/plain:v1");
  }

  @Test
  void pushesToAnHtpasswdRegistryWithCredentialsFromOurAuthService(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.json");
    String auth =
        Base64.getEncoder()
            .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    Files.writeString(config, "{\"auths\":{\"" + authRegistry + "\":{\"auth\":\"" + auth + "\"}}}");

    SolveResult r =
        client.solve(
            SolveSpec.llb(uniqueImage()).exporter(push(authRegistry + "/it/private:v1")),
            SessionAttachables.builder().dockerConfig(config).build(),
            ProgressListener.NONE);

    String basic = "Basic " + auth;
    assertThat(manifestDigest(authRegistry, "it/private", "v1", basic))
        .isEqualTo(r.imageDigest().orElseThrow());
  }

  @Test
  void pushWithoutCredentialsIsRejectedReadably() {
    assertThatThrownBy(
            () ->
                client.solve(
                    SolveSpec.llb(uniqueImage()).exporter(push(authRegistry + "/it/denied:v1")),
                    SessionAttachables.builder()
                        .registryAuth(DockerConfig.parse("{\"auths\":{}}"))
                        .build(),
                    ProgressListener.NONE))
        .isInstanceOf(SolveFailedException.class)
        .hasMessageContaining("401");
  }

  @Test
  void dockerfileFrontendWithLlbInputs() throws Exception {
    String registry = TestDaemon.get().registry();
    State dockerfile =
        Llb.file(State.scratch())
            .mkfile(
                "/Dockerfile",
                0644,
                "FROM busybox\nCOPY hello.txt /hello.txt\nRUN test \"$(cat /hello.txt)\" = hello\n")
            .state();
    State context =
        Llb.file(State.scratch())
            .mkfile("/hello.txt", 0644, "hello")
            .mkfile("/nonce", 0644, UUID.randomUUID().toString())
            .state();
    SolveResult r =
        client.solve(
            SolveSpec.frontend("dockerfile.v0")
                .frontendAttr("filename", "Dockerfile")
                .frontendInput("dockerfile", LlbDefinition.of(dockerfile, Platform.LINUX_AMD64))
                .frontendInput("context", LlbDefinition.of(context, Platform.LINUX_AMD64))
                .exporter(
                    Exporter.image(registry + "/it/dockerfile:v1")
                        .push(true)
                        .insecureRegistry(true)),
            SessionAttachables.none(),
            ProgressListener.NONE);

    assertThat(manifestDigest(registry, "it/dockerfile", "v1", null))
        .isEqualTo(r.imageDigest().orElseThrow());
    assertThat(r.progress().vertexes()).anySatisfy(v -> assertThat(v.name()).contains("RUN test"));
  }

  /** HEAD on the registry's manifest: its Docker-Content-Digest. */
  static String manifestDigest(String registry, String repo, String tag, String authorization)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(
                URI.create("http://" + registry + "/v2/" + repo + "/manifests/" + tag))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header(
                "Accept",
                "application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json,"
                    + "application/vnd.docker.distribution.manifest.v2+json,"
                    + "application/vnd.docker.distribution.manifest.list.v2+json");
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    HttpResponse<Void> resp =
        HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.discarding());
    assertThat(resp.statusCode()).isEqualTo(200);
    return resp.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }
}
