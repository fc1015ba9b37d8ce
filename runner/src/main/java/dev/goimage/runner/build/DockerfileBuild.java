package dev.goimage.runner.build;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildPlanner;
import dev.goimage.api.v1alpha1.EnvVar;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.llb.GitSource;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dockerfile mode: the {@code dockerfile.v0} frontend with the repository at the probed commit as
 * its context, the plan's Go settings as build args (GOPROXY, GOPRIVATE, GONOSUMDB, CGO_ENABLED)
 * and SOURCE_DATE_EPOCH from the commit time.
 *
 * <p>The context and the Dockerfile are our own LLB git sources given as frontend inputs rather
 * than a {@code context} URL attribute: the frontend builds git sources for a URL without
 * known_hosts, and the daemon then turns SSH host key checking off. Ours carry the plan's
 * known_hosts, are pinned to the commit and use the forwarded agent.
 */
public final class DockerfileBuild {
  private DockerfileBuild() {}

  public static Map<String, String> frontendAttrs(BuildPlan plan, SourceInfo info) {
    Map<String, String> attrs = new TreeMap<>();
    attrs.put("filename", plan.dockerfile.path == null ? "Dockerfile" : plan.dockerfile.path);
    if (plan.dockerfile.target != null) {
      attrs.put("target", plan.dockerfile.target);
    }
    attrs.put("platform", String.join(",", plan.go.platforms));
    String first =
        plan.go.platforms.isEmpty() ? BuildPlanner.DEFAULT_PLATFORM : plan.go.platforms.get(0);
    for (EnvVar e : BuildPlanner.goEnvironment(plan.go, first)) {
      switch (e.name) {
        case "GOPROXY", "GOPRIVATE", "GONOSUMDB", "CGO_ENABLED" ->
            attrs.put("build-arg:" + e.name, e.value);
        default -> {}
      }
    }
    for (EnvVar e : plan.dockerfile.buildArgs) {
      attrs.put("build-arg:" + e.name, e.value == null ? "" : e.value);
    }
    if (info.commitTime() != null) {
      attrs.put("build-arg:SOURCE_DATE_EPOCH", Long.toString(info.commitTime().getEpochSecond()));
    }
    return attrs;
  }

  /**
   * The solve: {@code context} is the module root of the checkout, {@code dockerfile} the whole
   * checkout (the Dockerfile path is relative to the repository root).
   */
  public static SolveSpec solveSpec(BuildPlan plan, SourceInfo info, Platform platform) {
    GoBuildGraph graph = new GoBuildGraph(plan, platform);
    GitSource repo = graph.git();
    GitSource context = graph.git();
    if (info.commit() != null) {
      repo.checksum(info.commit());
      context.checksum(info.commit());
    }
    String root = graph.moduleDir().substring(GoBuildGraph.SRC.length()).replaceAll("^/", "");
    if (!root.isEmpty()) {
      context.subdir(root);
    }
    String name = Step.SOURCE.vertexName("git " + graph.displayUrl());
    return SolveSpec.frontend("dockerfile.v0")
        .frontendAttrs(frontendAttrs(plan, info))
        .frontendInput("context", LlbDefinition.of(Llb.git(context, name), platform))
        .frontendInput("dockerfile", LlbDefinition.of(Llb.git(repo, name), platform))
        .exporter(ImageExport.exporter(plan, info.commitTime(), null));
  }
}
