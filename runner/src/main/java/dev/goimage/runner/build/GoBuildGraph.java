package dev.goimage.runner.build;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.buildkit.llb.Exec;
import dev.goimage.buildkit.llb.FileOps;
import dev.goimage.buildkit.llb.GitSource;
import dev.goimage.buildkit.llb.ImageRef;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.llb.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The native Go build as LLB (docs: ARCHITECTURE.md, "The build"): builder image, git source,
 * {@code go mod download} + {@code go mod verify}, {@code go build -trimpath}, and a final image of
 * the binary, CA certificates and a non-root user. Pure: the plan and the probed source in, LLB
 * out.
 */
public final class GoBuildGraph {
  public static final String SRC = "/src";
  public static final String OUT = "/out";
  public static final String SSH_AGENT = "/run/buildkit/ssh_agent.0";
  public static final String NETRC = GoEnv.HOME + "/.netrc";
  public static final String SSH_ID = "default";
  public static final String NETRC_SECRET = "netrc";
  public static final String MOD_CACHE_ID = "goimage-gomod";
  public static final String BUILD_CACHE_ID = "goimage-gobuild";
  public static final String CA_CERTS = "/etc/ssl/certs/ca-certificates.crt";
  public static final int NONROOT = 65532;

  /** File modes in FileOp actions are Go os.FileMode values: the sticky bit is 1 << 20. */
  static final int GO_MODE_STICKY = 1 << 20;

  static final String PASSWD =
      "root:x:0:0:root:/root:/sbin/nologin\n"
          + "nonroot:x:65532:65532:nonroot:/nonexistent:/sbin/nologin\n";
  static final String GROUP = "root:x:0:\nnonroot:x:65532:\n";

  /**
   * Dockerfile mode: the Dockerfiles of the repository (Dockerfile, Dockerfile.*, *.Dockerfile),
   * for the hint of DockerfileNotFound. The marker line says that the probe looked.
   */
  static final String DOCKERFILES =
      "printf 'goimage:dockerfiles-listed=yes\\n'; find . -name .git -prune -o -type f \\( -name"
          + " Dockerfile -o -name 'Dockerfile.*' -o -name '*.Dockerfile' -o -name '*.dockerfile'"
          + " \\) ! -name '*.dockerignore' -print 2>/dev/null | sed 's#^\\./##' | LC_ALL=C sort"
          + " | head -n 20 | while read -r f; do printf 'goimage:dockerfile=%s\\n' \"$f\"; done";

  /** The probe solve: one uncached exec that prints commit, commit time, module and Go version. */
  public record Probe(LlbDefinition definition, Exec exec) {}

  /** The build solve and what each of our execs runs (for failure reports). */
  public record Graph(LlbDefinition definition, String binary, Map<String, String> commands) {}

  private final BuildPlan plan;
  private final Platform platform;
  private final Map<String, String> env;

  public GoBuildGraph(BuildPlan plan, Platform platform) {
    this.plan = plan;
    this.platform = platform;
    this.env = GoEnv.forPlatform(plan.go, platform.toString());
  }

  /** The builder image, with a readable vertex name. */
  State builderImage() {
    String ref = ImageRef.normalize(plan.go.builderImage);
    return Llb.source(
        "docker-image://" + ref,
        Map.of("image.resolvemode", "default"),
        Step.SOURCE.vertexName("builder image " + plan.go.builderImage));
  }

  GitSource git() {
    GitSource git = GitSource.of(plan.source.gitUrl).ref(plan.source.revision);
    String knownHosts = KnownHosts.content(plan);
    if (!knownHosts.isEmpty()) {
      git.knownSshHosts(knownHosts);
    }
    return git.sshId(SSH_ID);
  }

  /** The main package's directory in the build container. */
  String packageDir() {
    String pkg = plan.source.packagePath == null ? "." : plan.source.packagePath;
    pkg = pkg.replaceAll("^\\./?", "").replaceAll("/+$", "");
    return pkg.isEmpty() ? moduleDir() : moduleDir() + "/" + pkg;
  }

  String moduleDir() {
    String root = plan.source.moduleRoot == null ? "." : plan.source.moduleRoot;
    root = root.replaceAll("^\\./?", "").replaceAll("/+$", "");
    return root.isEmpty() ? SRC : SRC + "/" + root;
  }

  /**
   * The probe: the checkout with its .git directory, read by git and the go command. {@code nonce}
   * is part of its env so that it always runs (a cached step prints nothing).
   */
  public Probe probe(String nonce) {
    State src = Llb.git(git().keepGitDir(true), Step.SOURCE.vertexName("git " + displayUrl()));
    String script =
        String.join(
            "\n",
            "cd " + SRC,
            plan.dockerfile == null ? ":" : DOCKERFILES,
            "printf 'goimage:commit=%s\\n' \"$(git -c safe.directory='*' rev-parse HEAD)\"",
            "printf 'goimage:commit-time=%s\\n' \"$(git -c safe.directory='*' log -1 --format=%ct)\"",
            "if [ -f " + moduleDir() + "/go.mod ]; then",
            "  printf 'goimage:module=%s\\n' \"$(sed -n 's/^module[[:space:]]*//p' "
                + moduleDir()
                + "/go.mod | head -n 1 | tr -d '\"\\r')\"",
            "fi",
            // Facts for diagnostics: where go.mod files are, which main packages exist.
            "find . -name go.mod -not -path '*/vendor/*' -not -path '*/testdata/*' 2>/dev/null"
                + " | sed 's#^\\./##; s#/*go.mod$##; s#^$#.#' | sort | head -n 20"
                + " | while read -r d; do printf 'goimage:gomod=%s\\n' \"$d\"; done",
            "if [ -d "
                + moduleDir()
                + " ]; then (cd "
                + moduleDir()
                + " && grep -rlE --include='*.go' --exclude='*_test.go' '^package main([[:space:]]|$)' ."
                + " 2>/dev/null | grep -v -e '/vendor/' -e '/testdata/' | xargs -r -n1 dirname"
                + " | sort -u | head -n 20"
                + " | while read -r d; do printf 'goimage:main=%s\\n' \"$d\"; done); fi",
            "if [ -d "
                + packageDir()
                + " ]; then printf 'goimage:pkgname=%s\\n' \"$(sed -n"
                + " 's/^package[[:space:]]\\{1,\\}\\([A-Za-z0-9_]*\\).*/\\1/p' "
                + packageDir()
                + "/*.go 2>/dev/null | grep -v '_test$' | head -n 1)\"; fi",
            "cd / && printf 'goimage:goversion=%s\\n' \"$(go env GOVERSION)\"");
    Exec exec =
        Llb.exec(builderImage())
            .args("/bin/sh", "-c", script)
            .env(env)
            .env("GOIMAGE_PROBE", nonce)
            .cwd("/")
            .mountReadonly(SRC, src)
            .name(Step.SOURCE.vertexName("resolve commit, module and Go version"));
    return new Probe(LlbDefinition.of(exec.root(), platform), exec);
  }

  /** The build of the commit the probe found. */
  public Graph build(SourceInfo info) {
    Map<String, String> commands = new LinkedHashMap<>();
    State image = builderImage();
    GitSource pinned = git();
    if (info.commit() != null) {
      pinned.checksum(info.commit());
    }
    State src = Llb.git(pinned, Step.SOURCE.vertexName("git " + displayUrl()));

    String modulesScript =
        String.join(
            "\n",
            "set -e",
            "count() { find "
                + GoEnv.MOD_CACHE
                + "/cache/download -name '*.zip' 2>/dev/null | wc -l; }",
            "before=$(count)",
            "rm -f " + GoEnv.SSH_LOG,
            "if ! go mod download -x; then",
            "  if [ -s " + GoEnv.SSH_LOG + " ]; then",
            "    echo 'ssh (for git) said:' >&2; sort -u " + GoEnv.SSH_LOG + " >&2",
            "  fi",
            "  rm -f " + GoEnv.SSH_LOG,
            "  exit 1",
            "fi",
            "rm -f " + GoEnv.SSH_LOG,
            // A module changed inside the cache volume: remove it, extract it again from the
            // verified zip and verify once more (CacheCorrupted). If it repeats, fail.
            "if ! go mod verify > /tmp/goimage-verify.log 2>&1; then",
            "  cat /tmp/goimage-verify.log",
            "  bad=$(sed -n 's/^\\([^ ]*\\) \\(v[^:]*\\): dir has been modified.*/\\1@\\2/p'"
                + " /tmp/goimage-verify.log)",
            "  [ -n \"$bad\" ] || exit 1",
            "  for m in $bad; do",
            "    echo \"goimage:cache-corrupted=$m\"",
            "    dir=$(go mod download -json \"$m\" | sed -n 's/^[[:space:]]*\"Dir\": \"\\(.*\\)\",*$/\\1/p')",
            "    [ -n \"$dir\" ] && chmod -R u+w \"$dir\" && rm -rf \"$dir\"",
            "  done",
            "  go mod download",
            "  go mod verify",
            "fi",
            "echo \"goimage:modules-downloaded=$(( $(count) - before ))\"");
    // The module step sees go.mod and go.sum files only: a change to the Go code alone keeps it
    // cached, and only a change to the requirements downloads again.
    State moduleFiles =
        Llb.file(State.scratch())
            .copy(
                src,
                "/",
                "/",
                FileOps.CopyOptions.defaults()
                    .withDirCopyContents(true)
                    .withIncludePatterns(List.of("**/go.mod", "**/go.sum")))
            .name(Step.SOURCE.vertexName("go.mod and go.sum"))
            .state();
    Exec modules =
        goExec(image, moduleFiles)
            .args("/bin/sh", "-c", modulesScript)
            .name(Step.MODULES.vertexName("go mod download && go mod verify"));
    mountSecrets(modules);
    commands.put(modules.customName(), "go mod download -x && go mod verify");

    String binary = binaryName(info.modulePath());
    List<String> goBuild = goBuildArgs(binary);
    Exec compile =
        goExec(modules.root(), src)
            .args(goBuild.toArray(String[]::new))
            .mountScratch(OUT)
            .name(Step.COMPILE.vertexName(String.join(" ", goBuild)));
    commands.put(compile.customName(), String.join(" ", goBuild));

    State rootfs = finalImage(image, compile.output(OUT), binary);
    return new Graph(LlbDefinition.of(rootfs, platform), binary, commands);
  }

  private Exec goExec(State root, State src) {
    Exec exec =
        Llb.exec(root)
            .env(env)
            .cwd(moduleDir())
            .mountReadonly(SRC, src)
            .mountCache(GoEnv.MOD_CACHE, MOD_CACHE_ID, Exec.Sharing.SHARED)
            .mountCache(GoEnv.BUILD_CACHE, BUILD_CACHE_ID, Exec.Sharing.SHARED);
    mountKnownHosts(exec);
    return exec;
  }

  /** The plan's known_hosts at {@link GoEnv#KNOWN_HOSTS}, where GIT_SSH_COMMAND looks. */
  void mountKnownHosts(Exec exec) {
    String knownHosts = KnownHosts.content(plan);
    if (!knownHosts.isEmpty()) {
      State sshDir =
          Llb.file(State.scratch())
              .mkfile("/known_hosts", 0644, knownHosts)
              .name(Step.SOURCE.vertexName("known_hosts"))
              .state();
      exec.mountReadonly(GoEnv.SSH_DIR, sshDir);
    }
  }

  /** The forwarded SSH agent and the netrc secret, as the plan has them, for git in an exec. */
  void mountSecrets(Exec exec) {
    if (plan.secrets.sshKeyFile != null) {
      exec.mountSsh(SSH_ID, SSH_AGENT);
    }
    if (plan.secrets.netrcFile != null) {
      exec.mountSecret(NETRC, NETRC_SECRET, 0, 0, 0400, false);
    }
  }

  /** {@code go build -trimpath [-tags a,b] [-ldflags '...'] -o /out/NAME PACKAGE}. */
  List<String> goBuildArgs(String binary) {
    List<String> args = new ArrayList<>(List.of("go", "build", "-trimpath"));
    if (!plan.go.tags.isEmpty()) {
      args.add("-tags");
      args.add(String.join(",", plan.go.tags));
    }
    if (!plan.go.ldflags.isEmpty()) {
      args.add("-ldflags");
      args.add(Ldflags.join(plan.go.ldflags));
    }
    args.add("-o");
    args.add(OUT + "/" + binary);
    String pkg = plan.source.packagePath == null ? "." : plan.source.packagePath;
    args.add(pkg);
    return args;
  }

  /**
   * The binary's name: the package's last element, or for the module root package the module path's
   * last element (without a {@code .git} qualifier or a /vN suffix), else "app".
   */
  String binaryName(String modulePath) {
    String pkg = plan.source.packagePath == null ? "." : plan.source.packagePath;
    String name = pkg.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    if ((name.isEmpty() || name.equals(".")) && modulePath != null) {
      String[] parts = modulePath.replaceAll("\\.git$", "").split("/");
      name = parts[parts.length - 1];
      if (name.matches("v\\d+") && parts.length > 1) {
        name = parts[parts.length - 2].replaceAll("\\.git$", "");
      }
    }
    return name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") ? name : "app";
  }

  private State finalImage(State builder, State out, String binary) {
    boolean scratch = isScratchBase();
    State base = scratch ? State.scratch() : Llb.image(plan.output.baseImage);
    FileOps files = Llb.file(base).name(Step.IMAGE.vertexName("binary, CA certificates, user"));
    if (scratch) {
      files
          .mkdir("/etc/ssl/certs", 0755, true)
          .mkdir("/tmp", 0777 | GO_MODE_STICKY, true)
          .mkfile("/etc/passwd", 0644, PASSWD)
          .mkfile("/etc/group", 0644, GROUP)
          .copy(builder, CA_CERTS, CA_CERTS, FileOps.CopyOptions.defaults().withMode(0644));
    }
    files.copy(
        out,
        "/" + binary,
        "/" + binary,
        FileOps.CopyOptions.defaults().withOwner(0, 0).withMode(0755));
    return files.state();
  }

  boolean isScratchBase() {
    return plan.output.baseImage == null
        || plan.output.baseImage.isBlank()
        || plan.output.baseImage.equals("scratch");
  }

  /** The git URL without credentials, for names, labels and logs. */
  public String displayUrl() {
    return SourceUrls.withoutCredentials(plan.source.gitUrl);
  }

  /** Labels of the image: the plan's, then the OCI source and revision (which always win). */
  public Map<String, String> labels(SourceInfo info) {
    Map<String, String> labels = new TreeMap<>(plan.output.labels);
    labels.put("org.opencontainers.image.source", displayUrl());
    if (info.commit() != null) {
      labels.put("org.opencontainers.image.revision", info.commit());
    }
    return labels;
  }
}
