package dev.goimage.runner.diagnose;

import static dev.goimage.api.v1alpha1.Diagnostic.Step.COMPILE;
import static dev.goimage.api.v1alpha1.Diagnostic.Step.IMAGE;
import static dev.goimage.api.v1alpha1.Diagnostic.Step.MODULES;
import static dev.goimage.api.v1alpha1.Diagnostic.Step.PUSH;
import static dev.goimage.api.v1alpha1.Diagnostic.Step.SOURCE;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.runner.diagnose.Rule.Finding;
import dev.goimage.runner.diagnose.Rule.Match;
import dev.goimage.runner.failure.FailureReport;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The failure catalogue of docs/diagnostics.md as rules, most specific first: the first rule that
 * matches names the cause. Adding a code means adding one entry here and one test.
 */
public final class Catalogue {
  private Catalogue() {}

  public static List<Rule> rules() {
    return List.of(
        rule(
            DiagnosticCode.GitHostKeyUnknown,
            Set.of(),
            SOURCE,
            "Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No \\S+ host key is known for",
            (m, r) ->
                new Finding(
                    "SSH refused the git server's host key"
                        + inStep(r)
                        + "; host keys are never trusted blindly.",
                    "add the server's host key (ssh-keyscan, checked out of band) to the key named by"
                        + " spec.secrets.ssh.knownHostsKey (local mode: --known-hosts FILE)")),
        rule(
            DiagnosticCode.GoVersionTooOld,
            Set.of(MODULES, COMPILE),
            MODULES,
            "requires go >= ?([0-9]+\\.[0-9]+(?:\\.[0-9]+)?)[^(]*\\(running go ?([0-9.]+)",
            (m, r) ->
                new Finding(
                    "go.mod requires Go "
                        + m.group(1)
                        + " but the builder image has Go "
                        + m.group(2)
                        + " (GOTOOLCHAIN=local: no toolchain is downloaded during the build).",
                    "spec.go.version: \"" + minor(m.group(1)) + "\" (or newer)")),
        rule(
            DiagnosticCode.GoModNotFound,
            Set.of(MODULES, COMPILE),
            MODULES,
            "go\\.mod file not found in current directory or any parent directory|cannot find main module|"
                + "no modules specified",
            (m, r) ->
                new Finding(
                    "No go.mod in the module root '"
                        + moduleRoot(r)
                        + "' of the repository"
                        + (r.goModDirs().isEmpty()
                            ? "."
                            : "; go.mod files are in: " + String.join(", ", r.goModDirs()) + "."),
                    moduleRootHint(r))),
        rule(
            DiagnosticCode.InconsistentVendoring,
            Set.of(MODULES, COMPILE),
            MODULES,
            "inconsistent vendoring",
            (m, r) ->
                new Finding(
                    "vendor/modules.txt does not match go.mod.",
                    "run go mod vendor and commit vendor/, or set GOFLAGS=-mod=mod in spec.go.env")),
        rule(
            DiagnosticCode.GoSumMissing,
            Set.of(MODULES, COMPILE),
            MODULES,
            "updating go\\.sum: .*read-only file system|missing go\\.sum entry (?:for module providing package|for go\\.mod file)?[^;]*?(\\S+@?\\S*)?(?:;|$)",
            (m, r) ->
                new Finding(
                    "go.sum has no entry for a module the build needs" + quoted(m.line()) + ".",
                    "run go mod tidy and commit go.sum; in Dockerfile mode COPY go.sum together with go.mod")),
        rule(
            DiagnosticCode.CacheCorrupted,
            Set.of(MODULES),
            MODULES,
            "(\\S+ v\\S+): dir has been modified|: dir has been modified",
            (m, r) ->
                new Finding(
                    "go mod verify found a module in the cache that changed after download: "
                        + m.line().strip()
                        + ".",
                    "the cache entry is removed and the build retried clean; if it repeats, replace"
                        + " the volume of spec.cache")),
        rule(
            DiagnosticCode.ChecksumMismatch,
            Set.of(MODULES, COMPILE),
            MODULES,
            "SECURITY ERROR|checksum mismatch",
            (m, r) ->
                new Finding(
                    "A downloaded module does not match its checksum in go.sum or the checksum database"
                        + quoted(m.line())
                        + ".",
                    "find out which side changed (a re-tagged version, a tampered proxy or go.sum edit)"
                        + " and pin the version you trust; do not just delete go.sum")),
        rule(
            DiagnosticCode.PrivateModuleViaPublicProxy,
            Set.of(MODULES, COMPILE),
            MODULES,
            "verifying (\\S+?)@\\S+: .*(?:404 Not Found|410 Gone|not found)",
            (m, r) ->
                new Finding(
                    "Module "
                        + m.group(1)
                        + " is not known to the public checksum database: a private"
                        + " module was checked against it.",
                    "spec.go.private: [\""
                        + hostPattern(m.group(1))
                        + "\"] (sets GOPRIVATE, which implies"
                        + " GONOPROXY and GONOSUMDB)")),
        rule(
            DiagnosticCode.PrivateModuleViaPublicProxy,
            Set.of(MODULES, COMPILE),
            MODULES,
            "(\\S+)@(\\S+): reading https?://\\S+/@v/\\S+: (?:400 Bad Request|403 Forbidden|404 Not Found|410 Gone)",
            (m, r) -> looksPrivate(m.group(1), r),
            (m, r) ->
                new Finding(
                    "Module "
                        + m.group(1)
                        + " was requested from the module proxy, which cannot serve it: it looks"
                        + " like a private module that should bypass the proxy.",
                    "spec.go.private: [\""
                        + hostPattern(m.group(1))
                        + "\"] (sets GOPRIVATE, which implies GONOPROXY and GONOSUMDB; the module"
                        + " is then fetched with git using spec.secrets.ssh)")),
        rule(
            DiagnosticCode.PrivateModuleAuthFailed,
            Set.of(MODULES, COMPILE),
            MODULES,
            "terminal prompts disabled|could not read Username|Permission denied \\(publickey|"
                + "Authentication failed|HTTP Basic: Access denied|returned error: 403",
            (m, r) ->
                new Finding(
                    "Git could not authenticate to fetch a private module" + quoted(m.line()) + ".",
                    "set spec.secrets.ssh (or spec.secrets.netrc for HTTPS) and list the module's host"
                        + " in spec.go.private, so its git URL is rewritten to SSH and the key is used")),
        rule(
            DiagnosticCode.ModuleProxyUnreachable,
            Set.of(MODULES, COMPILE),
            MODULES,
            "(?:proxy|@v/|sum\\.|lookup/).*(?:i/o timeout|connection refused|no such host|TLS handshake timeout|"
                + "context deadline exceeded|network is unreachable)|dial tcp .*(?:i/o timeout|connection refused|no such host)",
            (m, r) ->
                new Finding(
                    "The module proxy could not be reached" + quoted(m.line()) + ".",
                    "spec.go.proxy: check the URL in use ("
                        + proxy(r)
                        + ")"
                        + (proxy(r).contains("direct")
                            ? ""
                            : "; add ',direct' as a fallback if"
                                + " your network allows direct access"))),
        rule(
            DiagnosticCode.ModuleNotFound,
            Set.of(MODULES, COMPILE),
            MODULES,
            "(\\S+)@(\\S+): (?:invalid version|unknown revision|reading \\S+: (?:400 Bad Request|404 Not Found|410 Gone|403 Forbidden))",
            (m, r) ->
                new Finding(
                    "Module "
                        + m.group(1)
                        + " version "
                        + m.group(2).replaceAll(":$", "")
                        + " does not exist (or is not public).",
                    "check the module path and that the tag exists, then update go.mod; if the module is"
                        + " private, add \""
                        + hostPattern(m.group(1))
                        + "\" to spec.go.private")),
        rule(
            DiagnosticCode.CgoToolchainMissing,
            Set.of(COMPILE, MODULES),
            COMPILE,
            "C compiler \"?\\S+\"? not found|exec: \"(?:gcc|cc|clang)\": executable file not found",
            (m, r) ->
                new Finding(
                    "cgo is enabled but the builder image has no C compiler.",
                    "spec.go.cgo: false, or spec.go.builderImage with a C toolchain")),
        rule(
            DiagnosticCode.NotMainPackage,
            Set.of(COMPILE),
            COMPILE,
            "is not a main package|-buildmode=exe requires|cannot be used with non-main package|"
                + "no main packages to build|not a main package",
            (m, r) ->
                new Finding(
                    "Package "
                        + packagePath(r)
                        + " is a library, not package main: there is no binary to put in the image.",
                    packageHint(r, "./cmd/<name>"))),
        rule(
            DiagnosticCode.PackageNotFound,
            Set.of(COMPILE, MODULES),
            COMPILE,
            "no Go files in|matched no packages|cannot find package|is not in std|"
                + "directory \\S+ outside (?:main module|modules listed)|stat \\S+: directory not found|no required module provides package",
            (m, r) ->
                new Finding(
                    "Package "
                        + packagePath(r)
                        + " was not found in the module"
                        + quoted(m.line())
                        + ".",
                    packageHint(r, "./cmd/api"))),
        rule(
            DiagnosticCode.OutOfMemory,
            Set.of(),
            COMPILE,
            "signal: killed|fatal error: runtime: out of memory|cannot allocate memory|OOMKilled",
            (m, r) ->
                new Finding(
                    plan(r) != null && plan(r).dockerfile != null
                        ? "A command of the Dockerfile was killed, most likely for lack of memory."
                        : "The compiler or linker was killed, most likely for lack of memory.",
                    gcOff(r)
                        ? "spec.go.env: remove GOGC=off, with which the compiler never frees"
                            + " memory (or raise spec.builder.resources.limits.memory)"
                        : "spec.builder.resources.limits.memory: raise it, for example to 4Gi")),
        rule(
            DiagnosticCode.CompileError,
            Set.of(COMPILE),
            COMPILE,
            "^\\s*(\\S+\\.go):(\\d+)(?::\\d+)?: (.+)$",
            (m, r) ->
                new Finding(
                    "The code does not compile: "
                        + m.group(1)
                        + " line "
                        + m.group(2)
                        + ": "
                        + m.group(3)
                        + ".",
                    "fix the errors at the files and lines in the evidence, at the revision in spec.source.git.revision")),
        rule(
            DiagnosticCode.GitRevisionNotFound,
            Set.of(SOURCE),
            SOURCE,
            "couldn't find remote ref (\\S+)|unknown revision|did not match any file|Remote branch (\\S+) not found|"
                + "does not contain ref",
            (m, r) ->
                new Finding(
                    "Revision " + revision(r) + " does not exist in " + gitUrl(r) + ".",
                    revisionHint(r))),
        rule(
            DiagnosticCode.GitAuthFailed,
            Set.of(SOURCE),
            SOURCE,
            "Permission denied \\(publickey|Authentication failed|could not read Username|terminal prompts disabled",
            (m, r) ->
                new Finding(
                    "The git server refused to let the build clone " + gitUrl(r) + ".",
                    "spec.secrets.ssh: a key with read access to the repository (local mode: --ssh-key FILE)")),
        rule(
            DiagnosticCode.GitRepositoryNotFound,
            Set.of(SOURCE),
            SOURCE,
            "[Rr]epository (?:'[^']*' )?not found|does not appear to be a git repository|"
                + "[Rr]epository \\S+ does not exist|Could not read from remote repository|"
                + "Could not resolve host|unable to access",
            (m, r) ->
                new Finding(
                    "The repository " + gitUrl(r) + " could not be found" + quoted(m.line()) + ".",
                    "spec.source.git.url: the repository's clone URL")),
        rule(
            DiagnosticCode.DockerfileNotFound,
            Set.of(),
            SOURCE,
            "failed to read dockerfile|open (\\S*Dockerfile\\S*): no such file or directory|Dockerfile: no such file",
            (m, r) ->
                new Finding(
                    "No Dockerfile at " + dockerfile(r) + " in the repository.",
                    dockerfileHint(r))),
        rule(
            DiagnosticCode.BaseImageNotFound,
            Set.of(SOURCE, IMAGE, MODULES, COMPILE),
            IMAGE,
            "failed to resolve source metadata for (\\S+)|(\\S+): not found|pull access denied|manifest unknown",
            (m, r) ->
                new Finding(
                    "An image could not be resolved" + quoted(m.line()) + ".",
                    "spec.go.version / spec.go.builderImage / spec.output.baseImage, or the installation's registry mirror")),
        rule(
            DiagnosticCode.RegistryAuthFailed,
            Set.of(PUSH),
            PUSH,
            "401 Unauthorized|insufficient_scope|denied: |authorization failed|no basic auth credentials|unauthorized: ",
            (m, r) ->
                new Finding(
                    "The registry refused the push of " + image(r) + quoted(m.line()) + ".",
                    "spec.output.pushSecret: a kubernetes.io/dockerconfigjson Secret with push rights"
                        + " (local mode: --docker-config FILE)")),
        rule(
            DiagnosticCode.RegistryUnreachable,
            Set.of(PUSH),
            PUSH,
            "connection refused|no such host|i/o timeout|server gave HTTP response to HTTPS client|TLS handshake timeout",
            (m, r) ->
                new Finding(
                    "The registry of "
                        + image(r)
                        + " could not be reached"
                        + quoted(m.line())
                        + ".",
                    m.line().contains("HTTP response to HTTPS")
                        ? "spec.output.insecure: true for a plain-HTTP test registry"
                        : "the registry host in spec.output.image, and the network from the build pod")));
  }

  private static Rule rule(
      DiagnosticCode code,
      Set<String> steps,
      String defaultStep,
      String regex,
      BiFunction<Match, FailureReport, Finding> explain) {
    return new Rule(code, steps, Pattern.compile(regex), defaultStep, (m, r) -> true, explain);
  }

  private static Rule rule(
      DiagnosticCode code,
      Set<String> steps,
      String defaultStep,
      String regex,
      java.util.function.BiPredicate<Match, FailureReport> applies,
      BiFunction<Match, FailureReport, Finding> explain) {
    return new Rule(code, steps, Pattern.compile(regex), defaultStep, applies, explain);
  }

  /** Hosts whose modules are public: a proxy failing on them means the version does not exist. */
  private static final Set<String> PUBLIC_HOSTS =
      Set.of(
          "github.com",
          "gitlab.com",
          "bitbucket.org",
          "golang.org",
          "google.golang.org",
          "gopkg.in",
          "go.uber.org",
          "k8s.io",
          "sigs.k8s.io",
          "cloud.google.com",
          "go.opentelemetry.io",
          "go.etcd.io",
          "honnef.co",
          "gotest.tools",
          "go.mongodb.org");

  /**
   * A module a public proxy refused, not listed in spec.go.private, on a host that is not a public
   * code host: most likely a private module that should have bypassed the proxy.
   */
  static boolean looksPrivate(String module, FailureReport r) {
    var host = module.split("/")[0];
    if (PUBLIC_HOSTS.contains(host) || !host.contains(".")) {
      return false;
    }
    var privates = r.plan() == null ? List.<String>of() : r.plan().go.privateModules;
    return privates.stream().noneMatch(p -> matchesPattern(p, module));
  }

  /** GOPRIVATE-style prefix match: each pattern element is a glob on one path element. */
  private static boolean matchesPattern(String pattern, String module) {
    var pe = pattern.split("/");
    var me = module.split("/");
    if (me.length < pe.length) {
      return false;
    }
    for (int i = 0; i < pe.length; i++) {
      var glob = pe[i].replace(".", "\\.").replace("*", "[^/]*").replace("?", "[^/]");
      if (!me[i].matches(glob)) {
        return false;
      }
    }
    return true;
  }

  /** Names the value to set when the source shows it: one go.mod elsewhere, or a list. */
  static String moduleRootHint(FailureReport r) {
    var dirs = r.goModDirs();
    if (dirs.size() == 1) {
      return "spec.source.moduleRoot: " + dirs.get(0);
    }
    if (dirs.size() > 1) {
      return "spec.source.moduleRoot: one of " + String.join(", ", dirs);
    }
    return "spec.source.moduleRoot: the directory of the repository that holds go.mod (in"
        + " Dockerfile mode: WORKDIR and COPY must put go.mod in the build directory)";
  }

  /** How many existing values a hint lists at most. */
  static final int LISTED = 10;

  /** Lists the repository's branches and tags (default branch first) when they could be listed. */
  static String revisionHint(FailureReport r) {
    if (r.gitRefs().isEmpty()) {
      return "spec.source.git.revision: an existing branch, tag or full commit SHA";
    }
    return "spec.source.git.revision: one of " + firstOf(r.gitRefs()) + " (or a full commit SHA)";
  }

  /** Lists the Dockerfiles of the repository when the source probe looked for them. */
  static String dockerfileHint(FailureReport r) {
    var found = r.dockerfiles();
    if (found == null) {
      return "spec.dockerfile.path: the path of the Dockerfile relative to the repository root";
    }
    if (found.isEmpty()) {
      return "spec.dockerfile.path: the repository has no Dockerfile (no file named Dockerfile,"
          + " Dockerfile.* or *.Dockerfile); add one, or leave out spec.dockerfile for the"
          + " native Go build";
    }
    if (found.size() == 1) {
      return "spec.dockerfile.path: " + found.get(0);
    }
    return "spec.dockerfile.path: one of " + firstOf(found);
  }

  private static String firstOf(List<String> values) {
    if (values.size() <= LISTED) {
      return String.join(", ", values);
    }
    return String.join(", ", values.subList(0, LISTED)) + ", …";
  }

  /** Names the main packages the module root has, when the source probe found them. */
  static String packageHint(FailureReport r, String example) {
    var mains = r.mainPackages();
    if (mains.size() == 1) {
      return "spec.source.package: " + mains.get(0);
    }
    if (mains.size() > 1) {
      return "spec.source.package: one of the main packages " + String.join(", ", mains);
    }
    return "spec.source.package: a main package relative to spec.source.moduleRoot, for example "
        + example;
  }

  private static String inStep(FailureReport r) {
    return r.step() == null ? "" : " in the " + r.step() + " step";
  }

  private static String quoted(String line) {
    var s = line.strip();
    return s.length() > 160 ? ": " + s.substring(0, 159) + "…" : ": " + s;
  }

  private static String minor(String version) {
    var parts = version.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
  }

  /** github.com/acme/lib → github.com/acme/*; git.acme.io/lib → git.acme.io/*. */
  static String hostPattern(String module) {
    var parts = module.replaceAll("\\.git$", "").split("/");
    if (parts.length >= 3) {
      return parts[0] + "/" + parts[1] + "/*";
    }
    return parts[0] + "/*";
  }

  private static BuildPlan plan(FailureReport r) {
    return r.plan();
  }

  private static String moduleRoot(FailureReport r) {
    return plan(r) == null ? "." : plan(r).source.moduleRoot;
  }

  private static String packagePath(FailureReport r) {
    return plan(r) == null ? "(spec.source.package)" : plan(r).source.packagePath;
  }

  /** GOGC=off in spec.go.env: the compiler keeps all it allocates, a cause of its own. */
  private static boolean gcOff(FailureReport r) {
    return plan(r) != null
        && plan(r).go.env.stream()
            .anyMatch(e -> "GOGC".equals(e.name) && "off".equalsIgnoreCase(e.value));
  }

  private static String revision(FailureReport r) {
    return plan(r) == null ? "(spec.source.git.revision)" : plan(r).source.revision;
  }

  private static String gitUrl(FailureReport r) {
    return plan(r) == null ? "the repository" : plan(r).source.gitUrl;
  }

  private static String dockerfile(FailureReport r) {
    return plan(r) == null || plan(r).dockerfile == null
        ? "spec.dockerfile.path"
        : plan(r).dockerfile.path;
  }

  private static String image(FailureReport r) {
    return plan(r) == null ? "the image" : plan(r).output.image;
  }

  private static String proxy(FailureReport r) {
    var p = plan(r) == null ? null : plan(r).go.proxy;
    return p == null ? "the go command's default" : p;
  }
}
