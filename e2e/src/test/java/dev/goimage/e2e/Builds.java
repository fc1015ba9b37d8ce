package dev.goimage.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** GoImageBuild YAML as users write it, waiting on status, and the registry's view of a push. */
final class Builds {
  static final Duration BUILD_TIMEOUT = Duration.ofMinutes(12);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Builds() {}

  /**
   * examples/hello.yaml with its placeholders pointed at this cluster: the source at our git server
   * (public, over HTTP), the image at the local registry (plain HTTP), under a new name.
   */
  static String hello(Cluster cluster, String name, String imageRepo, String extraSpec)
      throws IOException {
    return fromHelloExample(cluster, "goimage/hello", name, imageRepo, extraSpec);
  }

  /** examples/hello.yaml, building another repository of {@link GitFixture} instead. */
  static String fromHelloExample(
      Cluster cluster, String gitRepo, String name, String imageRepo, String extraSpec)
      throws IOException {
    var yaml = Files.readString(cluster.repo.resolve("examples/hello.yaml"));
    yaml =
        yaml.replace("name: hello", "name: " + name)
            .replace("https://git.example.com/goimage/hello.git", GitFixture.get().httpUrl(gitRepo))
            .replace(
                "registry.example.com/goimage/hello:latest",
                cluster.podRegistry + "/" + imageRepo + ":" + name + "\n    insecure: true");
    if (!yaml.contains(cluster.podRegistry)) {
      throw new IllegalStateException("examples/hello.yaml changed shape:\n" + yaml);
    }
    return extraSpec == null
        ? yaml
        : yaml.stripTrailing() + "\n" + extraSpec.stripTrailing() + "\n";
  }

  static GenericKubernetesResource awaitPhase(
      Cluster cluster, String namespace, String name, Duration timeout, String... phases) {
    var wanted = List.of(phases);
    return awaitBuild(cluster, namespace, name, timeout, b -> wanted.contains(Cluster.phase(b)));
  }

  static GenericKubernetesResource awaitBuild(
      Cluster cluster,
      String namespace,
      String name,
      Duration timeout,
      Predicate<GenericKubernetesResource> done) {
    return await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> cluster.build(namespace, name), b -> b != null && done.test(b));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> condition(GenericKubernetesResource build, String type) {
    var conditions = (List<Map<String, Object>>) Cluster.status(build).get("conditions");
    if (conditions == null) {
      return Map.of();
    }
    return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(Map.of());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> section(GenericKubernetesResource build, String key) {
    var value = Cluster.status(build).get(key);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> diagnostics(GenericKubernetesResource build) {
    var value = Cluster.status(build).get("diagnostics");
    return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  static List<String> evidence(Map<String, Object> diagnostic) {
    var evidence = diagnostic.get("evidence");
    return evidence instanceof List<?> l ? (List<String>) l : List.of();
  }

  /** The manifest digest the registry serves for repo:tag (HEAD with every manifest type). */
  static String registryDigest(Cluster cluster, String repo, String tag) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://" + cluster.registry + "/v2/" + repo + "/manifests/" + tag))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header(
                "Accept",
                String.join(
                    ",",
                    "application/vnd.oci.image.index.v1+json",
                    "application/vnd.oci.image.manifest.v1+json",
                    "application/vnd.docker.distribution.manifest.list.v2+json",
                    "application/vnd.docker.distribution.manifest.v2+json"))
            .build();
    var response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "registry has no " + repo + ":" + tag + " (HTTP " + response.statusCode() + ")");
    }
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  /** Status as YAML, for assertion messages. */
  static String describe(GenericKubernetesResource build) {
    return Objects.toString(Cluster.status(build));
  }
}
