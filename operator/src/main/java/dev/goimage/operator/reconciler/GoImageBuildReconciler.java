package dev.goimage.operator.reconciler;

import dev.goimage.api.plan.BuildPlanner;
import dev.goimage.api.plan.SecretFiles;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.Diagnostic.Severity;
import dev.goimage.api.v1alpha1.Diagnostic.Step;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.GoImageBuildStatus;
import dev.goimage.operator.OperatorSettings;
import dev.goimage.operator.build.BuildIdentity;
import dev.goimage.operator.build.BuildJobRenderer;
import dev.goimage.operator.build.BuildResources;
import dev.goimage.operator.build.CacheQueue;
import dev.goimage.operator.preflight.SecretPreflight;
import dev.goimage.operator.preflight.SpecValidator;
import dev.goimage.operator.status.BuildObservation;
import dev.goimage.operator.status.EventRecorder;
import dev.goimage.operator.status.StatusComputer;
import dev.goimage.operator.verify.VerificationPodRenderer;
import dev.goimage.operator.verify.Verifier;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe, validate, reconcile dependents, compute status. A build is identified by its Job name
 * (generation + rebuild annotation); everything else follows from whether that Job exists and what
 * it reports.
 */
@ControllerConfiguration(name = "goimagebuild", generationAwareEventProcessing = false)
public class GoImageBuildReconciler implements Reconciler<GoImageBuild>, Cleaner<GoImageBuild> {
  private static final Logger LOG = LoggerFactory.getLogger(GoImageBuildReconciler.class);
  static final long QUEUED_RECHECK_SECONDS = 5;
  static final long PREFLIGHT_RECHECK_SECONDS = 30;

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final BuildPlanner planner;
  private final BuildJobRenderer jobRenderer;
  private final SpecValidator validator = new SpecValidator();
  private final CacheQueue cacheQueue;
  private final EventRecorder events;
  private final Verifier verifier;

  public GoImageBuildReconciler(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.settings = settings;
    this.planner = new BuildPlanner(settings.planDefaults());
    this.jobRenderer = new BuildJobRenderer(settings);
    this.cacheQueue = new CacheQueue(client);
    this.events = new EventRecorder(client);
    this.verifier = new Verifier(client, settings);
  }

  @Override
  public List<EventSource<?, GoImageBuild>> prepareEventSources(
      EventSourceContext<GoImageBuild> context) {
    var managed = BuildIdentity.LABEL_MANAGED_BY + "=" + BuildIdentity.MANAGED_BY;
    var jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, GoImageBuild.class)
                .withLabelSelector(managed)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(GoImageBuild.class))
                .build(),
            context);
    var pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, GoImageBuild.class)
                .withLabelSelector(managed)
                .withSecondaryToPrimaryMapper(
                    (Pod pod) -> {
                      var name =
                          pod.getMetadata().getAnnotations() == null
                              ? null
                              : pod.getMetadata()
                                  .getAnnotations()
                                  .get(BuildJobRenderer.BUILD_NAME_ANNOTATION);
                      return name == null
                          ? java.util.Set.of()
                          : java.util.Set.of(
                              new io.javaoperatorsdk.operator.processing.event.ResourceID(
                                  name, pod.getMetadata().getNamespace()));
                    })
                .build(),
            context);
    return List.of(jobs, pods);
  }

  @Override
  public UpdateControl<GoImageBuild> reconcile(GoImageBuild cached, Context<GoImageBuild> context) {
    // The informer's copy can lag behind our own last status write; acting on it would redo
    // steps (a verification pod, a kill) already done. One GET per reconcile buys the truth.
    var build =
        client
            .resources(GoImageBuild.class)
            .inNamespace(cached.getMetadata().getNamespace())
            .withName(cached.getMetadata().getName())
            .get();
    if (build == null || build.getMetadata().getDeletionTimestamp() != null) {
      return UpdateControl.noUpdate();
    }
    var id = BuildIdentity.of(build);
    var before = build.getStatus() == null ? new GoImageBuildStatus() : build.getStatus();
    var status = copy(before);
    var now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var ns = build.getMetadata().getNamespace();

    // Observe: the Job of the current build, straight from the API server (a Job created a
    // moment ago must be seen, or a restart could create a second one).
    var job = client.batch().v1().jobs().inNamespace(ns).withName(id.jobName()).get();
    Long reschedule = null;
    if (job != null) {
      if (!id.jobName().equals(status.buildJob)) {
        // The Job exists but the status does not name it (the operator stopped between creating
        // the Job and writing status): rebuild what that write would have said from the Job.
        var claim = job.getMetadata().getLabels().get(BuildIdentity.LABEL_CACHE_CLAIM);
        StatusComputer.started(
            status, id, claim, advice(build), job.getMetadata().getCreationTimestamp());
      }
      StatusComputer.observed(
          status, id, BuildObservation.of(job, podsOf(ns, id)), Verifier.wanted(build), now);
      if (status.phase == GoImageBuildStatus.Phase.Verifying) {
        reschedule = verifier.step(build, id, status, Instant.now());
      } else if (status.phase.isFinished() && Verifier.wanted(build)) {
        reschedule = verifier.expireFailedPod(build, status, Instant.now());
      }
    } else if (id.jobName().equals(status.buildJob)
        && status.phase != null
        && status.phase.isFinished()) {
      // Finished and its Job was removed since: the result stands, nothing is rebuilt.
    } else {
      cancelSuperseded(build, id);
      reschedule = startBuild(build, id, status, now);
    }
    announce(build, before, status);
    var control =
        Objects.equals(statusJson(before), statusJson(status))
            ? UpdateControl.<GoImageBuild>noUpdate()
            : UpdateControl.patchStatus(statusOnly(build, status));
    if (reschedule != null) {
      control.rescheduleAfter(reschedule, TimeUnit.SECONDS);
    }
    return control;
  }

  /** What preflight says about a spec that may go ahead: warnings and infos, no API calls. */
  private java.util.List<Diagnostic> advice(GoImageBuild build) {
    return validator.validate(build.getSpec(), effectiveProxy(build)).stream()
        .filter(d -> d.severity != Severity.Error)
        .toList();
  }

  /** GOPROXY as the build will see it: the spec's, or the installation's default. */
  private String effectiveProxy(GoImageBuild build) {
    return planner.plan(build, new SecretFiles.InPod(build.getSpec()), null).go.proxy;
  }

  /** Validate, preflight, wait for the cache, then create the claim, plan and Job. */
  private Long startBuild(
      GoImageBuild build, BuildIdentity id, GoImageBuildStatus status, String now) {
    var spec = build.getSpec();
    var diagnostics = new java.util.ArrayList<>(validator.validate(spec, effectiveProxy(build)));
    var ns = build.getMetadata().getNamespace();
    diagnostics.addAll(new SecretPreflight(name -> secretKeys(ns, name)).check(spec));
    if (diagnostics.stream().anyMatch(d -> d.severity == Severity.Error)) {
      StatusComputer.preflightFailed(status, id, diagnostics, now);
      // Secrets may be created later: look again, without a pod until then.
      return PREFLIGHT_RECHECK_SECONDS;
    }
    var claim = BuildResources.cacheClaim(build, id);
    if (claim == null) {
      createBuild(build, id, null);
      StatusComputer.started(status, id, null, diagnostics, now);
      return null;
    }
    return cacheQueue.withClaim(
        ns,
        claim,
        () -> {
          var holder = cacheQueue.holder(ns, claim, id.jobName());
          if (holder.isPresent()) {
            var busy =
                new Diagnostic(
                    DiagnosticCode.CacheBusy,
                    Severity.Info,
                    Step.PREFLIGHT,
                    "Cache volume "
                        + claim
                        + " is in use by build "
                        + holder.get()
                        + "; this build is queued and starts when it is free.",
                    "nothing to do; or give this build its own cache with spec.cache.size");
            StatusComputer.queued(status, id, busy, diagnostics, now);
            return QUEUED_RECHECK_SECONDS;
          }
          createBuild(build, id, claim);
          StatusComputer.started(status, id, claim, diagnostics, now);
          return null;
        });
  }

  private void createBuild(GoImageBuild build, BuildIdentity id, String claim) {
    var spec = build.getSpec();
    if (spec.cache != null && spec.cache.size != null) {
      createIfAbsent(BuildResources.ownedCacheClaim(build, id));
    }
    var plan = planner.plan(build, new SecretFiles.InPod(spec), claim);
    plan.resultFile = BuildJobRenderer.TERMINATION_LOG;
    createIfAbsent(BuildResources.planConfigMap(build, id, plan, settings));
    createIfAbsent(jobRenderer.render(build, id, claim));
    LOG.info(
        "{}/{}: created build Job {}",
        build.getMetadata().getNamespace(),
        build.getMetadata().getName(),
        id.jobName());
  }

  /**
   * Create-only: an existing object of that name is this build's own, from an earlier reconcile.
   */
  private void createIfAbsent(HasMetadata resource) {
    try {
      client.resource(resource).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /**
   * A new generation or rebuild replaces a build (or verification) still running for an older one.
   */
  private void cancelSuperseded(GoImageBuild build, BuildIdentity id) {
    var ns = build.getMetadata().getNamespace();
    var label = id.labels("").get(BuildIdentity.LABEL_BUILD);
    client
        .pods()
        .inNamespace(ns)
        .withLabel(BuildIdentity.LABEL_BUILD, label)
        .withLabel(BuildIdentity.LABEL_COMPONENT, VerificationPodRenderer.COMPONENT)
        .list()
        .getItems()
        .stream()
        .filter(p -> !p.getMetadata().getName().startsWith(id.jobName() + "-verify"))
        .forEach(p -> client.resource(p).delete());
    for (var job : jobsOf(build)) {
      if (!job.getMetadata().getName().equals(id.jobName()) && !CacheQueue.finished(job)) {
        LOG.info(
            "{}/{}: cancelling superseded build Job {}",
            ns,
            build.getMetadata().getName(),
            job.getMetadata().getName());
        client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      }
    }
  }

  @Override
  public DeleteControl cleanup(GoImageBuild build, Context<GoImageBuild> context) {
    // Owner references let the garbage collector do this too; deleting explicitly makes
    // cleanup independent of it and removes build pods right away.
    var ns = build.getMetadata().getNamespace();
    var selector = BuildIdentity.LABEL_BUILD;
    var name = BuildIdentity.of(build).labels("").get(selector);
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withLabel(selector, name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    client.pods().inNamespace(ns).withLabel(selector, name).delete();
    client.configMaps().inNamespace(ns).withLabel(selector, name).delete();
    // Only the claim this build created; a claim it was given is never deleted.
    client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .withLabel(selector, name)
        .withLabel(BuildIdentity.LABEL_COMPONENT, "cache")
        .list()
        .getItems()
        .stream()
        .filter(pvc -> isOwnedBy(pvc, build))
        .forEach(pvc -> client.resource(pvc).delete());
    return DeleteControl.defaultDelete();
  }

  private static boolean isOwnedBy(HasMetadata resource, GoImageBuild build) {
    return resource.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> o.getUid().equals(build.getMetadata().getUid()));
  }

  private List<Job> jobsOf(GoImageBuild build) {
    var name = BuildIdentity.of(build).labels("").get(BuildIdentity.LABEL_BUILD);
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(build.getMetadata().getNamespace())
        .withLabel(BuildIdentity.LABEL_BUILD, name)
        .list()
        .getItems()
        .stream()
        .filter(j -> isOwnedBy(j, build))
        .toList();
  }

  private List<Pod> podsOf(String ns, BuildIdentity id) {
    return client
        .pods()
        .inNamespace(ns)
        .withLabel("batch.kubernetes.io/job-name", id.jobName())
        .list()
        .getItems();
  }

  /** Key names only; the values are fetched with the Secret but never used or kept. */
  private java.util.Set<String> secretKeys(String namespace, String name) {
    var secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return null;
    }
    var keys = new HashSet<String>();
    if (secret.getData() != null) {
      keys.addAll(secret.getData().keySet());
    }
    if (secret.getStringData() != null) {
      keys.addAll(secret.getStringData().keySet());
    }
    return keys;
  }

  /** Events for what changed: a new phase, or a new first error. */
  private void announce(GoImageBuild build, GoImageBuildStatus before, GoImageBuildStatus after) {
    if (after.phase == null
        || (after.phase == before.phase
            && Objects.equals(before.buildJob, after.buildJob)
            && Objects.equals(before.observedGeneration, after.observedGeneration))) {
      return;
    }
    switch (after.phase) {
      case Queued ->
          events.record(
              build,
              EventRecorder.Type.Normal,
              DiagnosticCode.CacheBusy.name(),
              lastMessage(after, DiagnosticCode.CacheBusy));
      case Building ->
          events.record(
              build,
              EventRecorder.Type.Normal,
              "Building",
              "Build Job " + after.buildJob + " started.");
      case Verifying ->
          events.record(
              build,
              EventRecorder.Type.Normal,
              "Verifying",
              "Pushed " + after.output.imageRef + "; running it to verify it.");
      case Succeeded ->
          events.record(
              build,
              EventRecorder.Type.Normal,
              "Succeeded",
              (after.verification != null ? "Verified " : "Pushed ")
                  + (after.output != null ? after.output.imageRef : after.buildJob)
                  + ".");
      case Failed -> {
        var error =
            after.diagnostics.stream().filter(d -> d.severity == Severity.Error).findFirst();
        events.record(
            build,
            EventRecorder.Type.Warning,
            error.map(d -> d.code).orElse(DiagnosticCode.BuildFailed.name()),
            error.map(d -> d.message + " Hint: " + d.hint).orElse("The build failed."));
      }
      default -> {}
    }
  }

  private static String lastMessage(GoImageBuildStatus s, DiagnosticCode code) {
    return s.diagnostics.stream()
        .filter(d -> code.name().equals(d.code))
        .map(d -> d.message)
        .reduce((a, b) -> b)
        .orElse(code.name());
  }

  private static GoImageBuild statusOnly(GoImageBuild build, GoImageBuildStatus status) {
    var fresh = new GoImageBuild();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(build.getMetadata().getName())
            .withNamespace(build.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }

  private static String statusJson(GoImageBuildStatus s) {
    return dev.goimage.api.plan.Json.writeCompact(s);
  }

  private static GoImageBuildStatus copy(GoImageBuildStatus s) {
    return dev.goimage.api.plan.Json.read(statusJson(s), GoImageBuildStatus.class);
  }
}
