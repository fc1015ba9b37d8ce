package dev.goimage.runner.build;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.Json;
import dev.goimage.buildkit.Exporter;
import dev.goimage.buildkit.llb.Platform;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image exporter of a build: the OCI image config ({@code containerimage.config}) and the
 * commit time as {@code source-date-epoch} with {@code rewrite-timestamp}, so that layer file
 * times, history and the config's {@code created} are the commit's: one commit, one digest.
 */
public final class ImageExport {
  public static final String IMAGE_PATH = "/usr/local/bin:/usr/bin:/bin";

  private ImageExport() {}

  /** The OCI image config JSON. */
  public static String config(
      Platform platform, String binary, Map<String, String> labels, Instant created) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("Entrypoint", List.of("/" + binary));
    config.put("Env", List.of("PATH=" + IMAGE_PATH));
    config.put("User", GoBuildGraph.NONROOT + ":" + GoBuildGraph.NONROOT);
    config.put("WorkingDir", "/");
    config.put("Labels", labels);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("architecture", platform.architecture());
    root.put("os", platform.os());
    if (!platform.variant().isEmpty()) {
      root.put("variant", platform.variant());
    }
    if (created != null) {
      root.put("created", created.toString());
    }
    root.put("config", config);
    return Json.writeCompact(root);
  }

  /** The exporter: push (when the plan says so), insecure registry, epoch, config. */
  public static Exporter exporter(BuildPlan plan, Instant epoch, String configJson) {
    Exporter e = Exporter.image(plan.output.image).push(plan.output.push);
    if (plan.output.insecure) {
      e.insecureRegistry(true);
    }
    if (configJson != null) {
      e.attr("containerimage.config", configJson);
    }
    epochAttrs(epoch).forEach(e::attr);
    return e;
  }

  static Map<String, String> epochAttrs(Instant epoch) {
    if (epoch == null) {
      return Map.of();
    }
    return Map.of(
        "source-date-epoch", Long.toString(epoch.getEpochSecond()), "rewrite-timestamp", "true");
  }
}
