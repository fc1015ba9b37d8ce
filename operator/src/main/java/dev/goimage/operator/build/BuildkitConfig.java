package dev.goimage.operator.build;

import dev.goimage.operator.OperatorSettings;

/** The buildkitd.toml of a build pod: registry mirror and plain-HTTP registries. */
public final class BuildkitConfig {
  private BuildkitConfig() {}

  public static String render(
      OperatorSettings settings, String outputRegistry, boolean insecureOutput) {
    var toml = new StringBuilder();
    toml.append("# Written by goimage-operator for one build pod.\n");
    if (settings.registryMirror() != null) {
      toml.append("[registry.\"docker.io\"]\n");
      toml.append("  mirrors = [\"").append(settings.registryMirror()).append("\"]\n");
    }
    var insecure = new java.util.LinkedHashSet<>(settings.insecureRegistries());
    if (insecureOutput && outputRegistry != null) {
      insecure.add(outputRegistry);
    }
    for (var host : insecure) {
      toml.append("[registry.\"").append(host).append("\"]\n");
      toml.append("  http = true\n  insecure = true\n");
    }
    return toml.toString();
  }

  /** The registry host of an image reference, or null for Docker Hub short names. */
  public static String registryOf(String image) {
    var slash = image.indexOf('/');
    if (slash < 0) {
      return null;
    }
    var first = image.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : null;
  }
}
