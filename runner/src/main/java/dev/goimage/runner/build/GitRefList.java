package dev.goimage.runner.build;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.buildkit.llb.Exec;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The branches and tags of the source repository, for the hint of GitRevisionNotFound: one extra
 * exec in the builder image runs {@code git ls-remote} with what the git source step uses (the
 * plan's known_hosts, the forwarded SSH agent, the netrc secret). The URL reaches git in an
 * environment variable, never in the command line or a vertex name.
 */
public final class GitRefList {
  /** At most this many branches and this many tags are printed. */
  static final int PRINTED = 20;

  static final String URL_VARIABLE = "GOIMAGE_GIT_URL";

  /** Tags newest version first ({@code sort -V}); branches in git's order after the default. */
  static final String SCRIPT =
      String.join(
          "\n",
          "refs=$(git ls-remote --symref \"$" + URL_VARIABLE + "\" 2>/dev/null) || exit 1",
          "printf '%s\\n' \"$refs\" | sed -n"
              + " 's#^ref: refs/heads/\\([^[:space:]]*\\)[[:space:]]\\{1,\\}HEAD$#goimage:default-branch=\\1#p'",
          "printf '%s\\n' \"$refs\" | sed -n"
              + " 's#^[0-9a-f]\\{1,\\}[[:space:]]\\{1,\\}refs/heads/\\([^[:space:]]*\\)$#goimage:branch=\\1#p'"
              + " | head -n "
              + PRINTED,
          "printf '%s\\n' \"$refs\" | sed -n"
              + " 's#^[0-9a-f]\\{1,\\}[[:space:]]\\{1,\\}refs/tags/\\([^[:space:]^]*\\)$#\\1#p'"
              + " | sort -r -V | head -n "
              + PRINTED
              + " | while read -r t; do printf 'goimage:tag=%s\\n' \"$t\"; done");

  /** The listing solve: an uncached exec whose output {@link #parse} reads. */
  public record Listing(LlbDefinition definition, Exec exec) {}

  private GitRefList() {}

  public static Listing listing(BuildPlan plan, Platform platform, String nonce) {
    GoBuildGraph graph = new GoBuildGraph(plan, platform);
    Exec exec =
        Llb.exec(graph.builderImage())
            .args("/bin/sh", "-c", SCRIPT)
            .env("PATH", GoEnv.PATH)
            .env("HOME", GoEnv.HOME)
            .env("GIT_SSH_COMMAND", GoEnv.GIT_SSH_COMMAND)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env(URL_VARIABLE, plan.source.gitUrl)
            .env("GOIMAGE_LIST", nonce)
            .cwd("/")
            .name(Step.SOURCE.vertexName("git ls-remote " + graph.displayUrl()));
    graph.mountKnownHosts(exec);
    graph.mountSecrets(exec);
    return new Listing(LlbDefinition.of(exec.root(), platform), exec);
  }

  /** The names in the listing's output: the default branch, the other branches, then the tags. */
  public static List<String> parse(List<String> lines) {
    String defaultBranch = null;
    List<String> branches = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (!line.startsWith(SourceInfo.PREFIX) || eq < 0 || eq == line.length() - 1) {
        continue;
      }
      String key = line.substring(SourceInfo.PREFIX.length(), eq);
      String value = line.substring(eq + 1);
      switch (key) {
        case "default-branch" -> defaultBranch = value;
        case "branch" -> branches.add(value);
        case "tag" -> tags.add(value);
        default -> {}
      }
    }
    Set<String> names = new LinkedHashSet<>();
    if (defaultBranch != null) {
      names.add(defaultBranch);
    }
    names.addAll(branches);
    names.addAll(tags);
    return List.copyOf(names);
  }
}
