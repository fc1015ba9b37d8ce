package dev.goimage.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster e2e/cluster/cluster.sh brought up, as the tests see it: the admin kubeconfig,
 * kubectl, the registry (host side and pod side) and the host address pods reach. Values come from
 * the environment `cluster.sh env` prints (e2e/run.sh exports them).
 */
final class Cluster {
  static final String OPERATOR_NAMESPACE = "goimage-system";
  static final ResourceDefinitionContext GIB =
      new ResourceDefinitionContext.Builder()
          .withGroup("goimage.dev")
          .withVersion("v1alpha1")
          .withKind("GoImageBuild")
          .withPlural("goimagebuilds")
          .withNamespaced(true)
          .build();

  private static Cluster instance;

  final Path repo;
  final Path kubeconfig;
  final Path kubectl;
  final String registry;
  final String podRegistry;
  final String podHost;
  final KubernetesClient client;

  private Cluster() {
    repo = Path.of(System.getProperty("goimage.repoRoot", "..")).toAbsolutePath().normalize();
    kubeconfig = Path.of(env("KUBECONFIG"));
    kubectl = Path.of(env("E2E_KUBE_BIN"), "kubectl");
    registry = env("E2E_REGISTRY");
    podRegistry = env("E2E_POD_REGISTRY");
    podHost = env("E2E_POD_HOST");
    try {
      client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static synchronized Cluster get() {
    if (instance == null) {
      instance = new Cluster();
    }
    return instance;
  }

  private static String env(String name) {
    var value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set: run the E2E tests through `make e2e` (e2e/run.sh)");
    }
    return value;
  }

  record Result(int exitCode, String out, String err) {}

  /** Runs kubectl as a user would; stdin may be null. */
  Result kubectl(String stdin, String... args) {
    var command =
        new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command, stdin, Duration.ofMinutes(2));
  }

  /** Runs a repository script (e.g. hack/gitserver.sh) and returns its result. */
  Result script(String path, String... args) {
    var command = new ArrayList<>(List.of(repo.resolve(path).toString()));
    command.addAll(List.of(args));
    return run(command, null, Duration.ofMinutes(5));
  }

  static Result run(List<String> command, String stdin, Duration timeout) {
    try {
      var pb = new ProcessBuilder(command);
      var process = pb.start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      var out = process.getInputStream().readAllBytes();
      var err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      return new Result(
          process.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Applies YAML with `kubectl apply -f -`; fails the test with kubectl's message if rejected. */
  void apply(String namespace, String yaml) {
    var result = kubectl(yaml, "apply", "-n", namespace, "-f", "-");
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl apply failed: " + result.err());
    }
  }

  void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  void deleteNamespace(String name) {
    client.namespaces().withName(name).delete();
  }

  /** Makes the host's 127.0.0.1:port reachable from pods at podHost:port. */
  String expose(int port) {
    var result = script("e2e/cluster/cluster.sh", "expose", Integer.toString(port));
    if (result.exitCode() != 0) {
      throw new IllegalStateException("expose " + port + ": " + result.err());
    }
    return result.out().strip();
  }

  /** The pods the operator made for a build: all, or one component's ("build", "verify"). */
  List<Pod> pods(String namespace, String build, String component) {
    var pods = client.pods().inNamespace(namespace).withLabel("goimage.dev/build", build);
    if (component != null) {
      pods = pods.withLabel("app.kubernetes.io/component", component);
    }
    return pods.list().getItems();
  }

  GenericKubernetesResource build(String namespace, String name) {
    return client.genericKubernetesResources(GIB).inNamespace(namespace).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> status(GenericKubernetesResource build) {
    var status = build == null ? null : build.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static String phase(GenericKubernetesResource build) {
    var phase = status(build).get("phase");
    return phase == null ? "" : phase.toString();
  }
}
