package dev.goimage.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.v1alpha1.GoImageBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CRD on a real API server: what admission accepts, rejects and explains. */
class CrdValidationIT {
  private static KubeApiServerFixture cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() {
    cluster = KubeApiServerFixture.start();
    kubectl = new Kubectl(cluster);
    cluster.createNamespace("crd");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static Stream<Path> validExamples() throws IOException {
    try (var files = Files.list(KubeApiServerFixture.repoRoot().resolve("examples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> invalidFixtures() throws IOException {
    try (var files = Files.list(Path.of("src/test/resources/invalid"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0} is accepted")
  @MethodSource("validExamples")
  void everyExampleIsAccepted(Path example) {
    var result = kubectl.run("apply", "-n", "crd", "-f", example.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @ParameterizedTest(name = "{0} is rejected")
  @MethodSource("invalidFixtures")
  void invalidSpecIsRejectedAtAdmissionNamingTheField(Path fixture) throws IOException {
    var expected = Files.readAllLines(fixture).get(0).replaceFirst("^# expect: ", "");
    var result = kubectl.run("apply", "-n", "crd", "-f", fixture.toString());
    assertThat(result.exitCode()).as("kubectl apply of %s must fail", fixture).isNotZero();
    assertThat(result.err()).contains(expected);
  }

  @Test
  void defaultsAreFilledInByTheApiServer() {
    kubectl.run(
        "apply",
        "-n",
        "crd",
        "-f",
        KubeApiServerFixture.repoRoot().resolve("examples/hello.yaml").toString());
    var stored =
        cluster.client().resources(GoImageBuild.class).inNamespace("crd").withName("hello").get();
    assertThat(stored.getSpec().source.moduleRoot).isEqualTo(".");
    assertThat(stored.getSpec().source.packagePath).isEqualTo(".");
    assertThat(stored.getSpec().timeoutSeconds).isEqualTo(1800);
  }

  @Test
  void kubectlExplainShowsTheDescriptions() {
    var spec = kubectl.run("explain", "goimagebuild.spec");
    assertThat(spec.exitCode()).as(spec.err()).isZero();
    assertThat(spec.out())
        .contains("Where the Go source comes from")
        .contains("Persistent cache for Go modules");
    var cache = kubectl.run("explain", "gib.spec.cache.volumeClaimName");
    assertThat(cache.out()).contains("An existing PersistentVolumeClaim");
    var status = kubectl.run("explain", "goimagebuild.status.diagnostics");
    assertThat(status.out()).contains("Go-aware findings");
  }

  @Test
  void printerColumnsAndShortName() {
    kubectl.run(
        "apply",
        "-n",
        "crd",
        "-f",
        KubeApiServerFixture.repoRoot().resolve("examples/hello.yaml").toString());
    var get = kubectl.run("get", "gib", "-n", "crd", "hello");
    assertThat(get.exitCode()).as(get.err()).isZero();
    var header = get.out().lines().findFirst().orElseThrow();
    assertThat(header.split("\\s+"))
        .containsExactly("NAME", "PHASE", "DIGEST", "REASON", "VERIFIED", "AGE");
  }
}
