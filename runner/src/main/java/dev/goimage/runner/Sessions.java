package dev.goimage.runner;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.buildkit.session.SessionAttachables;
import dev.goimage.runner.build.GoBuildGraph;
import java.nio.file.Path;

/** The session a build offers the daemon: SSH agent, netrc and build secrets, registry auth. */
final class Sessions {
  private Sessions() {}

  static SessionAttachables of(BuildPlan plan) {
    var b = SessionAttachables.builder();
    BuildPlan.Secrets s = plan.secrets;
    if (s.sshKeyFile != null) {
      b.sshAgent(GoBuildGraph.SSH_ID, Path.of(s.sshKeyFile));
    }
    if (s.netrcFile != null) {
      b.secretFile(GoBuildGraph.NETRC_SECRET, Path.of(s.netrcFile));
    }
    for (BuildPlan.FileSecret f : s.build) {
      b.secretFile(f.id, Path.of(f.file));
    }
    if (s.dockerConfigFile != null) {
      b.dockerConfig(Path.of(s.dockerConfigFile));
    }
    return b.build();
  }
}
