package dev.goimage.api.plan;

import dev.goimage.api.v1alpha1.EnvVar;
import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.GoImageBuildSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The pure function from a GoImageBuild (plus installation defaults) to its BuildPlan. */
public final class BuildPlanner {
  public static final String DEFAULT_PLATFORM = "linux/amd64";
  public static final int DEFAULT_TIMEOUT_SECONDS = 1800;

  private final PlanDefaults defaults;

  public BuildPlanner(PlanDefaults defaults) {
    this.defaults = Objects.requireNonNull(defaults);
  }

  public BuildPlan plan(GoImageBuild build, SecretFiles secretFiles, String cacheClaim) {
    var spec = build.getSpec();
    var plan = new BuildPlan();
    plan.build = build.getMetadata().getNamespace() + "/" + build.getMetadata().getName();
    planSource(spec, plan.source);
    planGo(spec, plan.go);
    if (spec.dockerfile != null) {
      plan.dockerfile = new BuildPlan.Dockerfile();
      plan.dockerfile.path = or(spec.dockerfile.path, "Dockerfile");
      plan.dockerfile.target = blankToNull(spec.dockerfile.target);
      plan.dockerfile.buildArgs = copy(spec.dockerfile.buildArgs);
    }
    planSecrets(spec, secretFiles, plan.secrets);
    plan.output.image = spec.output.image;
    plan.output.baseImage = spec.dockerfile != null ? null : or(spec.output.baseImage, "scratch");
    plan.output.insecure = Boolean.TRUE.equals(spec.output.insecure);
    if (spec.output.labels != null) {
      plan.output.labels.putAll(spec.output.labels);
    }
    plan.cache.persistent = cacheClaim != null;
    plan.cache.volumeClaimName = cacheClaim;
    plan.timeoutSeconds =
        spec.timeoutSeconds != null ? spec.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
    plan.verify = spec.verify;
    return plan;
  }

  private static void planSource(GoImageBuildSpec spec, BuildPlan.Source source) {
    source.gitUrl = spec.source.git.url;
    source.revision = or(spec.source.git.revision, "main");
    source.moduleRoot = or(spec.source.moduleRoot, ".");
    source.packagePath = or(spec.source.packagePath, ".");
  }

  private void planGo(GoImageBuildSpec spec, BuildPlan.Go go) {
    var g = spec.go;
    go.version = g != null && g.version != null ? g.version : defaults.goVersion();
    go.builderImage =
        g != null && g.builderImage != null
            ? g.builderImage
            : defaults.builderImageRepository() + ":" + go.version;
    go.proxy = g != null && g.proxy != null ? g.proxy : defaults.goProxy();
    if (g == null) {
      go.platforms.add(DEFAULT_PLATFORM);
      return;
    }
    go.privateModules = copy(g.privateModules);
    go.noSumDB = copy(g.noSumDB);
    go.env = copy(g.env);
    go.cgo = Boolean.TRUE.equals(g.cgo);
    go.tags = copy(g.tags);
    go.ldflags = copy(g.ldflags);
    go.platforms =
        g.platforms == null || g.platforms.isEmpty()
            ? new ArrayList<>(List.of(DEFAULT_PLATFORM))
            : copy(g.platforms);
  }

  private static void planSecrets(GoImageBuildSpec spec, SecretFiles files, BuildPlan.Secrets out) {
    out.sshKeyFile = files.sshKey();
    out.knownHostsFile = files.knownHosts();
    out.netrcFile = files.netrc();
    out.dockerConfigFile = files.dockerConfig();
    if (spec.secrets != null && spec.secrets.build != null) {
      for (var s : spec.secrets.build) {
        out.build.add(new BuildPlan.FileSecret(s.id, files.buildSecret(s)));
      }
    }
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? new ArrayList<>() : new ArrayList<>(list);
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Environment of the go commands, from the plan: the single source for runner and docs. */
  public static List<EnvVar> goEnvironment(BuildPlan.Go go, String platform) {
    var env = new ArrayList<EnvVar>();
    if (go.proxy != null) {
      env.add(new EnvVar("GOPROXY", go.proxy));
    }
    if (!go.privateModules.isEmpty()) {
      env.add(new EnvVar("GOPRIVATE", String.join(",", go.privateModules)));
    }
    var noSumDb = new ArrayList<>(go.privateModules);
    noSumDb.addAll(go.noSumDB);
    if (!noSumDb.isEmpty()) {
      env.add(new EnvVar("GONOSUMDB", String.join(",", noSumDb)));
    }
    env.add(new EnvVar("CGO_ENABLED", go.cgo ? "1" : "0"));
    var parts = platform.split("/");
    env.add(new EnvVar("GOOS", parts[0]));
    env.add(new EnvVar("GOARCH", parts[1]));
    if (parts.length > 2 && parts[1].equals("arm")) {
      env.add(new EnvVar("GOARM", parts[2].substring(1)));
    }
    env.add(new EnvVar("GOTOOLCHAIN", "local"));
    env.addAll(go.env);
    return env;
  }
}
