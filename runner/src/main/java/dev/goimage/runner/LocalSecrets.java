package dev.goimage.runner;

import dev.goimage.api.plan.SecretFiles;
import dev.goimage.api.v1alpha1.BuildSecret;
import dev.goimage.api.v1alpha1.GoImageBuildSpec;
import dev.goimage.runner.build.SourceUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Local mode's secret files: the paths given on the command line. */
final class LocalSecrets implements SecretFiles {
  private final Path sshKey;
  private final Path knownHosts;
  private final Path netrc;
  private final Path dockerConfig;
  private final Map<String, Path> build;

  LocalSecrets(
      Path sshKey, Path knownHosts, Path netrc, Path dockerConfig, Map<String, Path> build) {
    this.sshKey = sshKey;
    this.knownHosts = knownHosts;
    this.netrc = netrc;
    this.dockerConfig = dockerConfig;
    this.build = Map.copyOf(build);
  }

  @Override
  public String sshKey() {
    return str(sshKey);
  }

  @Override
  public String knownHosts() {
    return str(knownHosts);
  }

  @Override
  public String netrc() {
    return str(netrc);
  }

  @Override
  public String dockerConfig() {
    return str(dockerConfig);
  }

  @Override
  public String buildSecret(BuildSecret secret) {
    return str(build.get(secret.id));
  }

  private static String str(Path p) {
    return p == null ? null : p.toAbsolutePath().toString();
  }

  /** What the spec needs that the flags do not give, one readable line each (empty: all there). */
  List<String> missingFor(GoImageBuildSpec spec) {
    List<String> out = new ArrayList<>();
    boolean sshSource = SourceUrls.isSsh(spec.source.git.url);
    if (spec.secrets != null && spec.secrets.ssh != null && sshKey == null) {
      out.add("spec.secrets.ssh is set: pass the private key with --ssh-key FILE");
    } else if (sshSource && sshKey == null) {
      out.add("spec.source.git.url is an SSH URL: pass the private key with --ssh-key FILE");
    }
    if ((sshSource || (spec.secrets != null && spec.secrets.ssh != null)) && knownHosts == null) {
      out.add(
          "SSH needs verified host keys (spec.secrets.ssh.knownHostsKey): pass --known-hosts FILE");
    }
    if (spec.secrets != null && spec.secrets.netrc != null && netrc == null) {
      out.add("spec.secrets.netrc is set: pass --netrc FILE");
    }
    if (spec.output.pushSecret != null && dockerConfig == null) {
      out.add("spec.output.pushSecret is set: pass a docker config.json with --docker-config FILE");
    }
    if (spec.secrets != null && spec.secrets.build != null) {
      for (int i = 0; i < spec.secrets.build.size(); i++) {
        String id = spec.secrets.build.get(i).id;
        if (!build.containsKey(id)) {
          out.add("spec.secrets.build[" + i + "].id " + id + ": pass --secret " + id + "=FILE");
        }
      }
    }
    for (Path p : new Path[] {sshKey, knownHosts, netrc, dockerConfig}) {
      if (p != null && !Files.isReadable(p)) {
        out.add("file not readable: " + p);
      }
    }
    build.forEach(
        (id, p) -> {
          if (!Files.isReadable(p)) {
            out.add("--secret " + id + ": file not readable: " + p);
          }
        });
    return out;
  }
}
