package dev.goimage.api.plan;

import dev.goimage.api.v1alpha1.BuildSecret;
import dev.goimage.api.v1alpha1.GoImageBuildSpec;

/**
 * Where secret material is found as files. In the build pod these are the Secret volume mounts; in
 * local mode, the paths given on the command line.
 */
public interface SecretFiles {
  String sshKey();

  String knownHosts();

  String netrc();

  String dockerConfig();

  String buildSecret(BuildSecret secret);

  /** The mount layout of the build pod, shared by the planner and the pod renderer. */
  final class InPod implements SecretFiles {
    public static final String ROOT = "/var/run/goimage/secrets";
    public static final String SSH_DIR = ROOT + "/ssh";
    public static final String NETRC_DIR = ROOT + "/netrc";
    public static final String DOCKER_DIR = ROOT + "/docker";
    public static final String BUILD_DIR = ROOT + "/build";

    private final GoImageBuildSpec spec;

    public InPod(GoImageBuildSpec spec) {
      this.spec = spec;
    }

    private boolean hasSsh() {
      return spec.secrets != null && spec.secrets.ssh != null;
    }

    @Override
    public String sshKey() {
      return hasSsh() ? SSH_DIR + "/id" : null;
    }

    @Override
    public String knownHosts() {
      return hasSsh() ? SSH_DIR + "/known_hosts" : null;
    }

    @Override
    public String netrc() {
      return spec.secrets != null && spec.secrets.netrc != null ? NETRC_DIR + "/netrc" : null;
    }

    @Override
    public String dockerConfig() {
      return spec.output.pushSecret != null ? DOCKER_DIR + "/config.json" : null;
    }

    @Override
    public String buildSecret(BuildSecret secret) {
      return BUILD_DIR + "/" + secret.id;
    }
  }
}
