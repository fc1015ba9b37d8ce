package dev.goimage.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.CacheSpec;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.GoImageBuildStatus.Phase;
import dev.goimage.api.v1alpha1.GoImageBuilds;
import dev.goimage.operator.GoImageOperator;
import dev.goimage.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against a real kube-apiserver. No kubelet or Job controller runs in this tier, so
 * {@link SimulatedJobController} creates pods and writes Job and pod status in their place.
 */
class GoImageBuildOperatorIT {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final OperatorSettings SETTINGS =
      OperatorSettings.fromEnvironment(
          Map.of(
              "GOIMAGE_BUILDKIT_IMAGE", "127.0.0.1:5000/moby/buildkit:v0.32.2",
              "GOIMAGE_RUNNER_IMAGE", "127.0.0.1:5000/goimage/operator:test",
              "GOIMAGE_DEFAULT_GOPROXY", "https://goproxy.internal.test,direct"));

  private static KubeApiServerFixture cluster;
  private static KubernetesClient client;
  private static Operator operator;
  private static SimulatedJobController jobController;
  private String ns;

  @BeforeAll
  static void start() {
    cluster = KubeApiServerFixture.start();
    client = cluster.client();
    jobController = new SimulatedJobController(client);
    operator = startOperator();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Operator startOperator() {
    var op = GoImageOperator.create(client, SETTINGS, null);
    op.start();
    return op;
  }

  @BeforeEach
  void namespace() {
    ns = cluster.createNamespace("it-" + NAMESPACES.incrementAndGet());
    // The service account controller is not running either.
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
  }

  @Test
  void validResourceYieldsExactlyOneJobWithTheExpectedPod() {
    var build = apply(example("hello.yaml"));
    var job = awaitJob(build.getMetadata().getName() + "-g1");

    assertThat(jobs()).hasSize(1);
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers())
        .extracting(c -> c.getName() + ":" + c.getImage())
        .containsExactly("buildkitd:127.0.0.1:5000/moby/buildkit:v0.32.2");
    assertThat(pod.getContainers())
        .extracting(c -> c.getName() + ":" + c.getImage())
        .containsExactly("runner:127.0.0.1:5000/goimage/operator:test");
    var planJson =
        client
            .configMaps()
            .inNamespace(ns)
            .withName("hello-g1-plan")
            .get()
            .getData()
            .get("plan.json");
    var plan = Json.read(planJson, BuildPlan.class);
    assertThat(plan.go.proxy).isEqualTo("https://goproxy.internal.test,direct");
    assertThat(plan.source.gitUrl).isEqualTo("https://git.example.com/goimage/hello.git");
    assertThat(plan.resultFile).isEqualTo("/dev/termination-log");

    var status = awaitPhase("hello", Phase.Building).getStatus();
    assertThat(status.buildJob).isEqualTo("hello-g1");
    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(status.diagnostics).extracting(d -> d.code).containsExactly("NoPersistentCache");
    assertThat(reasons()).contains("Building");
  }

  @Test
  void successTerminationMessageGivesSucceededWithTheDigest() {
    apply(example("hello.yaml"));
    var job = awaitJob("hello-g1");
    jobController.startPod(job);
    var result = new BuildResult();
    result.succeeded = true;
    result.image = "registry.example.com/goimage/hello:latest";
    result.digest = DIGEST;
    result.imageRef = "registry.example.com/goimage/hello@" + DIGEST;
    result.commit = "4f1c2a9b3e7d0c5a8b6e1f2d3c4b5a6978695a4b";
    result.modulesDownloaded = 3;
    result.timings.put("compile", 6.9);
    jobController.finish(job, Json.terminationMessage(result), 0);

    var status = awaitPhase("hello", Phase.Succeeded).getStatus();
    assertThat(status.output.digest).isEqualTo(DIGEST);
    assertThat(status.output.imageRef).isEqualTo("registry.example.com/goimage/hello@" + DIGEST);
    assertThat(status.source.commit).startsWith("4f1c2a9b");
    assertThat(status.cache.modulesDownloaded).isEqualTo(3);
    assertThat(status.conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Succeeded=True", "Built=True", "Pushed=True");
    assertThat(status.completionTime).isNotNull();
    await().untilAsserted(() -> assertThat(reasons()).contains("Building", "Succeeded"));
    var get = new Kubectl(cluster).run("get", "gib", "-n", ns);
    assertThat(get.out()).contains("Succeeded").contains("sha256:012345678");
  }

  @Test
  void failureTerminationMessageGivesFailedWithItsDiagnostics() {
    apply(example("hello.yaml"));
    var job = awaitJob("hello-g1");
    jobController.startPod(job);
    var result = new BuildResult();
    result.diagnostics.add(
        Diagnostic.error(
                DiagnosticCode.GoModNotFound,
                "modules",
                "go.mod was not found in the module root '.'.",
                "spec.source.moduleRoot: app")
            .withEvidence(
                List.of("go: go.mod file not found in current directory or any parent directory")));
    jobController.finish(job, Json.terminationMessage(result), 1);

    var status = awaitPhase("hello", Phase.Failed).getStatus();
    assertThat(status.diagnostics).extracting(d -> d.code).contains("GoModNotFound");
    var d =
        status.diagnostics.stream()
            .filter(x -> x.code.equals("GoModNotFound"))
            .findFirst()
            .orElseThrow();
    assertThat(d.hint).isEqualTo("spec.source.moduleRoot: app");
    assertThat(d.evidence).hasSize(1);
    assertThat(status.conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .contains("Succeeded=False/GoModNotFound");
    await().untilAsserted(() -> assertThat(reasons()).contains("GoModNotFound"));
  }

  @Test
  void missingSecretGivesNoJobAndSecretNotFoundUntilItExists() {
    var build = example("private-modules.yaml");
    build.getSpec().cache = null;
    apply(build);
    var status = awaitPhase("payments-api", Phase.Failed).getStatus();
    assertThat(status.diagnostics).extracting(d -> d.code).contains("SecretNotFound");
    assertThat(Json.write(status)).doesNotContain("PRIVATE KEY");
    assertThat(jobs()).isEmpty();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();

    secret(
        "git-ssh",
        Map.of("ssh-privatekey", "-----BEGIN OPENSSH PRIVATE KEY-----", "known_hosts", "h"));
    secret("regcred", Map.of(".dockerconfigjson", "{}"));
    // The operator looks again on its own; no edit of the GoImageBuild is needed.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jobs()).hasSize(1));
    assertThat(awaitPhase("payments-api", Phase.Building).getStatus().diagnostics)
        .extracting(d -> d.code)
        .doesNotContain("SecretNotFound");
  }

  @Test
  void restartingTheOperatorMidBuildCreatesNoSecondJob() {
    apply(example("hello.yaml"));
    var job = awaitJob("hello-g1");
    jobController.startPod(job);
    operator.stop();
    operator = startOperator();
    // Give the new operator time to reconcile everything it finds.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactly("hello-g1");
    assertThat(jobs().get(0).getMetadata().getUid()).isEqualTo(job.getMetadata().getUid());
    jobController.finish(job, Json.terminationMessage(success()), 0);
    awaitPhase("hello", Phase.Succeeded);
    assertThat(jobs()).hasSize(1);
  }

  @Test
  void specChangeCreatesANewJobAndCancelsTheOldOne() {
    apply(example("hello.yaml"));
    awaitJob("hello-g1");
    mergePatch("hello", "{\"spec\":{\"source\":{\"git\":{\"revision\":\"v2\"}}}}");
    awaitJob("hello-g2");
    await()
        .untilAsserted(
            () ->
                assertThat(jobs())
                    .extracting(j -> j.getMetadata().getName())
                    .containsExactly("hello-g2"));
    var status = awaitPhase("hello", Phase.Building).getStatus();
    assertThat(status.observedGeneration).isEqualTo(2L);
    assertThat(status.buildJob).isEqualTo("hello-g2");
  }

  @Test
  void rebuildAnnotationStartsANewBuildOfTheSameSpec() {
    apply(example("hello.yaml"));
    var first = awaitJob("hello-g1");
    jobController.startPod(first);
    jobController.finish(first, Json.terminationMessage(success()), 0);
    awaitPhase("hello", Phase.Succeeded);

    mergePatch(
        "hello",
        "{\"metadata\":{\"annotations\":{\""
            + GoImageBuild.REBUILD_ANNOTATION
            + "\":\"2026-11-21\"}}}");
    await().untilAsserted(() -> assertThat(jobs()).hasSize(2));
    var status = awaitPhase("hello", Phase.Building).getStatus();
    assertThat(status.buildJob).startsWith("hello-g1-r");
    assertThat(status.rebuildToken).isEqualTo("2026-11-21");
    assertThat(status.output).isNull();
  }

  @Test
  void buildsSharingACacheClaimRunOneAfterTheOther() {
    claim("go-cache");
    var a = example("hello.yaml");
    a.getMetadata().setName("first");
    a.getSpec().cache = new CacheSpec();
    a.getSpec().cache.volumeClaimName = "go-cache";
    apply(a);
    var firstJob = awaitJob("first-g1");
    jobController.startPod(firstJob);

    var b = example("hello.yaml");
    b.getMetadata().setName("second");
    b.getSpec().cache = new CacheSpec();
    b.getSpec().cache.volumeClaimName = "go-cache";
    apply(b);
    var queued = awaitPhase("second", Phase.Queued).getStatus();
    assertThat(queued.diagnostics).extracting(d -> d.code).contains("CacheBusy");
    assertThat(
            queued.diagnostics.stream()
                .filter(d -> d.code.equals("CacheBusy"))
                .findFirst()
                .orElseThrow()
                .message)
        .contains("first");
    assertThat(queued.conditions)
        .extracting(c -> c.getType() + "/" + c.getReason())
        .contains("Succeeded/CacheBusy");
    assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactly("first-g1");

    jobController.finish(firstJob, Json.terminationMessage(success()), 0);
    awaitPhase("first", Phase.Succeeded);
    var secondJob = awaitJob("second-g1");
    assertThat(secondJob.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("state"))
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactly("go-cache");
    awaitPhase("second", Phase.Building);
  }

  @Test
  void deletionRemovesWhatTheOperatorCreatedButNotAGivenClaim() {
    claim("shared-cache");
    var owned = example("dockerfile.yaml");
    apply(owned);
    awaitJob("hello-dockerfile-g1");
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(ns)
                .withName("hello-dockerfile-cache")
                .get())
        .isNotNull();
    var given = example("hello.yaml");
    given.getSpec().cache = new CacheSpec();
    given.getSpec().cache.volumeClaimName = "shared-cache";
    apply(given);
    jobController.startPod(awaitJob("hello-g1"));

    client.resources(GoImageBuild.class).inNamespace(ns).withName("hello-dockerfile").delete();
    client.resources(GoImageBuild.class).inNamespace(ns).withName("hello").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(client.resources(GoImageBuild.class).inNamespace(ns).list().getItems())
                  .isEmpty();
              assertThat(jobs()).isEmpty();
              assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(ns)
                          .withLabel("app.kubernetes.io/managed-by", "goimage-operator")
                          .list()
                          .getItems())
                  .isEmpty();
              // Deleted claims keep the pvc-protection finalizer until kube-controller-manager
              // (absent in
              // this tier) removes it: what counts is that deletion was requested for the owned one
              // only.
              assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems())
                  .filteredOn(p -> p.getMetadata().getDeletionTimestamp() == null)
                  .extracting(p -> p.getMetadata().getName())
                  .containsExactly("shared-cache");
            });
  }

  private static BuildResult success() {
    var result = new BuildResult();
    result.succeeded = true;
    result.image = "registry.example.com/goimage/hello:latest";
    result.digest = DIGEST;
    result.imageRef = "registry.example.com/goimage/hello@" + DIGEST;
    return result;
  }

  private GoImageBuild example(String file) {
    try {
      return GoImageBuilds.read(KubeApiServerFixture.repoRoot().resolve("examples").resolve(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private GoImageBuild apply(GoImageBuild build) {
    build.getMetadata().setNamespace(ns);
    return client.resource(build).create();
  }

  /** As kubectl patch does: no resourceVersion, so the operator's status writes cannot conflict. */
  private void mergePatch(String name, String json) {
    client
        .resources(GoImageBuild.class)
        .inNamespace(ns)
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            json);
  }

  private GoImageBuild get(String name) {
    return client.resources(GoImageBuild.class).inNamespace(ns).withName(name).get();
  }

  private GoImageBuild awaitPhase(String name, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var b = get(name);
              assertThat(b.getStatus()).isNotNull();
              assertThat(b.getStatus().phase).isEqualTo(phase);
            });
    return get(name);
  }

  private Job awaitJob(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get() != null);
    return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
  }

  private List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(ns).list().getItems();
  }

  private List<String> reasons() {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .map(Event::getReason)
        .toList();
  }

  private void secret(String name, Map<String, String> data) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  private void claim(String name) {
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void verifiedBuildRunsTheImageByDigestAndEndsSucceededWithVerified() {
    pushWithHealthVerification();

    var verifying = awaitPhase("hello", Phase.Verifying).getStatus();
    assertThat(verifying.conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("Succeeded=Unknown", "Pushed=True", "Verified=Unknown");
    var pod = awaitPod("hello-g1-verify");
    var app = pod.getSpec().getContainers().get(0);
    assertThat(app.getImage()).isEqualTo("registry.example.com/goimage/hello@" + DIGEST);
    assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSpec().getContainers()).hasSize(1);

    jobController.verificationPodReady(pod);
    var status = awaitPhase("hello", Phase.Succeeded).getStatus();
    assertThat(status.verification.health).isEqualTo("Passed");
    assertThat(status.conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .contains("Succeeded=True", "Verified=True");
    await()
        .untilAsserted(
            () ->
                assertThat(client.pods().inNamespace(ns).withName("hello-g1-verify").get())
                    .isNull());
    var get = new Kubectl(cluster).run("get", "gib", "-n", ns);
    assertThat(get.out()).contains("Succeeded");
  }

  @Test
  void crashingImageFailsHealthCheckWithItsExitCodeAndKeepsThePod() {
    pushWithHealthVerification();
    var pod = awaitPod("hello-g1-verify");
    jobController.verificationPodCrashLooping(pod, 3);

    var status = awaitPhase("hello", Phase.Failed).getStatus();
    var d =
        status.diagnostics.stream()
            .filter(x -> x.code.equals("HealthCheckFailed"))
            .findFirst()
            .orElseThrow();
    assertThat(d.message).contains("crashes at start").contains("exit").contains("3");
    assertThat(d.evidence).contains("panic: config file not found");
    assertThat(status.conditions)
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .contains("Succeeded=False/HealthCheckFailed", "Verified=False/HealthCheckFailed");
    assertThat(client.pods().inNamespace(ns).withName("hello-g1-verify").get()).isNotNull();
  }

  @Test
  void newGenerationCancelsARunningVerification() {
    pushWithHealthVerification();
    awaitPod("hello-g1-verify");
    mergePatch("hello", "{\"spec\":{\"source\":{\"git\":{\"revision\":\"v2\"}}}}");
    awaitJob("hello-g2");
    await()
        .untilAsserted(
            () ->
                assertThat(client.pods().inNamespace(ns).withName("hello-g1-verify").get())
                    .isNull());
  }

  /** examples/hello with an HTTP health check, built and pushed: what verification starts from. */
  private void pushWithHealthVerification() {
    var build = example("hello.yaml");
    build.getSpec().verify = verifyHealth();
    apply(build);
    var job = awaitJob("hello-g1");
    jobController.startPod(job);
    jobController.finish(job, Json.terminationMessage(success()), 0);
  }

  private static dev.goimage.api.v1alpha1.VerifySpec verifyHealth() {
    var verify = new dev.goimage.api.v1alpha1.VerifySpec();
    verify.health = new dev.goimage.api.v1alpha1.HealthSpec();
    verify.health.httpGet = new dev.goimage.api.v1alpha1.HealthSpec.HttpGet();
    verify.health.httpGet.path = "/healthz";
    verify.health.httpGet.port = 8080;
    verify.health.timeoutSeconds = 120;
    return verify;
  }

  private io.fabric8.kubernetes.api.model.Pod awaitPod(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace(ns).withName(name).get() != null);
    return client.pods().inNamespace(ns).withName(name).get();
  }
}
