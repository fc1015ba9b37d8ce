package dev.goimage.operator.build;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** The plan ConfigMap and the owned cache claim of a build. */
public final class BuildResources {
  public static final String PLAN_KEY = "plan.json";
  public static final String BUILDKITD_KEY = "buildkitd.toml";

  private BuildResources() {}

  public static ConfigMap planConfigMap(
      GoImageBuild build, BuildIdentity id, BuildPlan plan, OperatorSettings settings) {
    var toml =
        BuildkitConfig.render(
            settings, BuildkitConfig.registryOf(plan.output.image), plan.output.insecure);
    return new ConfigMapBuilder()
        .withMetadata(
            BuildJobRenderer.ownedMetadata(build, id.planConfigMapName(), id.labels("plan")))
        .withData(Map.of(PLAN_KEY, Json.write(plan), BUILDKITD_KEY, toml))
        .build();
  }

  public static PersistentVolumeClaim ownedCacheClaim(GoImageBuild build, BuildIdentity id) {
    var cache = build.getSpec().cache;
    var labels = id.labels("cache");
    labels.remove(BuildIdentity.LABEL_GENERATION);
    return new PersistentVolumeClaimBuilder()
        .withMetadata(BuildJobRenderer.ownedMetadata(build, id.ownedCacheClaimName(), labels))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(cache.storageClassName)
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(cache.size)))
        .endResources()
        .endSpec()
        .build();
  }

  /** The claim holding BuildKit's state for this build, or null for an emptyDir. */
  public static String cacheClaim(GoImageBuild build, BuildIdentity id) {
    var cache = build.getSpec().cache;
    if (cache == null) {
      return null;
    }
    return cache.volumeClaimName != null ? cache.volumeClaimName : id.ownedCacheClaimName();
  }
}
