package dev.goimage.operator.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real kube-apiserver and etcd (fabric8 kube-api-test, offline) with the committed CRD applied.
 * The binaries come from hack/install-kube-bins.sh; nothing is downloaded here.
 */
public final class KubeApiServerFixture implements AutoCloseable {
  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private KubeApiServerFixture(KubeAPIServer server, String kubeconfigYaml) throws IOException {
    this.server = server;
    this.kubeconfig = Files.createTempFile("goimage-it-kubeconfig", ".yaml");
    Files.writeString(kubeconfig, kubeconfigYaml);
    this.client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  public static KubeApiServerFixture start() {
    var testDir = cacheDir().resolve("kubeapitest");
    var version = kubeVersion();
    var binaries = testDir.resolve("k8s").resolve(version + "-linux-amd64");
    if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
      throw new IllegalStateException(
          "kube-apiserver "
              + version
              + " is not installed in "
              + binaries
              + ": run hack/install-kube-bins.sh (make test does)");
    }
    var server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString())
                .withApiServerVersion(version)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    try {
      var fixture = new KubeApiServerFixture(server, server.getKubeConfigYaml());
      var info = fixture.client.getKubernetesVersion();
      System.err.printf(
          "[it] kube-apiserver %s (%s) started from %s, serving %s%n",
          info.getGitVersion(), info.getPlatform(), binaries, fixture.client.getMasterUrl());
      fixture.applyCrd();
      return fixture;
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException(e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path kubectl() {
    return cacheDir().resolve("kubeapitest/k8s/" + kubeVersion() + "-linux-amd64/kubectl");
  }

  public String createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private void applyCrd() throws IOException {
    var file = repoRoot().resolve("crds/goimagebuilds.goimage.dev-v1.yml");
    try (var in = Files.newInputStream(file)) {
      var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(KubeApiServerFixture::established, 30, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    client.close();
    server.stop();
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException ignored) {
      // a temp file; the OS cleans up
    }
  }

  public static Path repoRoot() {
    var prop = System.getProperty("goimage.repoRoot");
    return prop != null ? Path.of(prop) : Path.of("..").toAbsolutePath().normalize();
  }

  static Path cacheDir() {
    var prop = System.getProperty("goimage.cache");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    var env = System.getenv("GOIMAGE_CACHE");
    return env != null
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "goimage-operator");
  }

  /** The pinned Kubernetes version. */
  static String kubeVersion() {
    return pin("KUBE_VERSION");
  }

  /** A version pinned in hack/lib.sh (the one place for pins), or its environment override. */
  static String pin(String name) {
    var override = System.getenv(name);
    if (override != null && !override.isBlank()) {
      return override;
    }
    try {
      var lib = Files.readString(repoRoot().resolve("hack/lib.sh"));
      var m = Pattern.compile(name + "=\"\\$\\{" + name + ":-([0-9.]+)}\"").matcher(lib);
      if (!m.find()) {
        throw new IllegalStateException("no " + name + " pin in hack/lib.sh");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
