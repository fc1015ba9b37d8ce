package dev.goimage.operator.build;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One build at a time per cache volume: two buildkitd processes must never share a state directory.
 * The holder is whichever Job or pod labelled with the claim is still active; the check and the Job
 * creation run under one lock per claim, so two reconciles cannot both win.
 */
public final class CacheQueue {
  private final KubernetesClient client;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public CacheQueue(KubernetesClient client) {
    this.client = client;
  }

  /** Runs {@code action} under the claim's lock. */
  public <T> T withClaim(String namespace, String claim, Supplier<T> action) {
    var lock = locks.computeIfAbsent(namespace + "/" + claim, k -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The name of the build that holds the claim, other than the job {@code ownJob}; empty when the
   * claim is free. Reads the API server, not a cache, so a Job created a moment ago counts.
   */
  public Optional<String> holder(String namespace, String claim, String ownJob) {
    var jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withLabel(BuildIdentity.LABEL_CACHE_CLAIM, claim)
            .list()
            .getItems();
    for (Job job : jobs) {
      if (!job.getMetadata().getName().equals(ownJob) && !finished(job)) {
        return Optional.of(buildOf(job.getMetadata().getLabels(), job.getMetadata().getName()));
      }
    }
    // A deleted Job's pod may still be shutting down its buildkitd.
    var pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(BuildIdentity.LABEL_CACHE_CLAIM, claim)
            .list()
            .getItems();
    for (Pod pod : pods) {
      var job = pod.getMetadata().getLabels().get("batch.kubernetes.io/job-name");
      var phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      var active = phase == null || phase.equals("Pending") || phase.equals("Running");
      if (active && !ownJob.equals(job)) {
        return Optional.of(buildOf(pod.getMetadata().getLabels(), pod.getMetadata().getName()));
      }
    }
    return Optional.empty();
  }

  private static String buildOf(java.util.Map<String, String> labels, String fallback) {
    var build = labels == null ? null : labels.get(BuildIdentity.LABEL_BUILD);
    return build != null ? build : fallback;
  }

  public static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }
}
