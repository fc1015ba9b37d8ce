package dev.goimage.operator;

import dev.goimage.api.plan.PlanDefaults;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What an installation decides (the Helm chart's ConfigMap, passed as environment variables).
 *
 * @param buildkitImage image of the buildkitd sidecar
 * @param buildkitMode rootless (default) or privileged
 * @param runnerImage image with the goimage runner
 * @param planDefaults Go version, GOPROXY and builder image repository for specs that omit them
 * @param registryMirror registry buildkitd uses as mirror for docker.io, or null
 * @param insecureRegistries registries buildkitd reaches over plain HTTP
 * @param watchNamespaces namespaces to watch; empty means all
 */
public record OperatorSettings(
    String buildkitImage,
    BuildkitMode buildkitMode,
    String runnerImage,
    PlanDefaults planDefaults,
    String registryMirror,
    List<String> insecureRegistries,
    List<String> watchNamespaces) {

  public enum BuildkitMode {
    ROOTLESS,
    PRIVILEGED;

    static BuildkitMode parse(String value) {
      return switch (value.trim().toLowerCase()) {
        case "rootless" -> ROOTLESS;
        case "privileged" -> PRIVILEGED;
        default ->
            throw new IllegalArgumentException(
                "GOIMAGE_BUILDKIT_MODE must be rootless or privileged, not '" + value + "'");
      };
    }
  }

  public static OperatorSettings defaults() {
    return fromEnvironment(Map.of());
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    var std = PlanDefaults.STANDARD;
    var mode = BuildkitMode.parse(env.getOrDefault("GOIMAGE_BUILDKIT_MODE", "rootless"));
    var defaultBuildkit =
        mode == BuildkitMode.ROOTLESS ? "moby/buildkit:v0.32.2-rootless" : "moby/buildkit:v0.32.2";
    return new OperatorSettings(
        env.getOrDefault("GOIMAGE_BUILDKIT_IMAGE", defaultBuildkit),
        mode,
        env.getOrDefault("GOIMAGE_RUNNER_IMAGE", "goimage/operator:0.1.0"),
        new PlanDefaults(
            env.getOrDefault("GOIMAGE_DEFAULT_GO_VERSION", std.goVersion()),
            env.getOrDefault("GOIMAGE_DEFAULT_GOPROXY", std.goProxy()),
            env.getOrDefault("GOIMAGE_BUILDER_IMAGE_REPOSITORY", std.builderImageRepository())),
        blankToNull(env.get("GOIMAGE_REGISTRY_MIRROR")),
        list(env.get("GOIMAGE_INSECURE_REGISTRIES")),
        list(env.get("WATCH_NAMESPACE")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static List<String> list(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of();
    }
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
