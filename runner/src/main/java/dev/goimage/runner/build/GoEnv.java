package dev.goimage.runner.build;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.plan.BuildPlanner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of every exec in the builder image. The daemon does not apply the image's ENV, so
 * everything is explicit: the golang image's PATH and GOPATH, caches on their mounts, the go
 * settings of the plan (BuildPlanner.goEnvironment) and git over SSH with verified host keys.
 */
public final class GoEnv {
  public static final String PATH =
      "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  public static final String MOD_CACHE = "/go/pkg/mod";

  /** The build's home: netrc lives here; the go caches are set explicitly. */
  public static final String HOME = "/home/builder";

  public static final String BUILD_CACHE = "/go/cache/go-build";
  public static final String SSH_DIR = "/run/goimage/ssh";
  public static final String KNOWN_HOSTS = SSH_DIR + "/known_hosts";

  /**
   * ssh as git runs it: known hosts from the plan only, never a prompt, never trust on first use.
   */
  public static final String GIT_SSH_COMMAND =
      "ssh -o UserKnownHostsFile="
          + KNOWN_HOSTS
          + " -o StrictHostKeyChecking=yes -o BatchMode=yes -o GlobalKnownHostsFile=/dev/null -E "
          + GoEnv.SSH_LOG;

  /**
   * Where ssh writes its errors: the go command swallows git's stderr ("no secure protocol found"),
   * so the modules step prints this file when it fails.
   */
  public static final String SSH_LOG = "/tmp/goimage-ssh.log";

  private GoEnv() {}

  public static Map<String, String> forPlatform(BuildPlan.Go go, String platform) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.put("HOME", HOME);
    env.put("GOPATH", "/go");
    env.put("GOMODCACHE", MOD_CACHE);
    env.put("GOCACHE", BUILD_CACHE);
    env.put("GIT_SSH_COMMAND", GIT_SSH_COMMAND);
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.putAll(GitRules.merge(BuildPlanner.goEnvironment(go, platform), go.privateModules));
    return env;
  }
}
