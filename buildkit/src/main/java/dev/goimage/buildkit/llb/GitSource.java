package dev.goimage.buildkit.llb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options for a git source. The identifier is {@code git://host/path#ref[:subdir]} and the real URL
 * travels in {@code git.fullurl}, as Go's {@code llb.Git} does.
 */
public final class GitSource {
  private final String url;
  private String ref = "";
  private String subdir = "";
  private String knownSshHosts = "";
  private String sshId = "default";
  private boolean keepGitDir;
  private String checksum = "";
  private String authTokenSecret = "GIT_AUTH_TOKEN";
  private String authHeaderSecret = "GIT_AUTH_HEADER";

  private GitSource(String url) {
    this.url = url;
  }

  /**
   * {@code https://host/org/repo.git}, {@code ssh://git@host/org/repo.git} or {@code
   * git@host:org/repo.git}.
   */
  public static GitSource of(String url) {
    return new GitSource(url);
  }

  /** Branch, tag or commit. */
  public GitSource ref(String ref) {
    this.ref = ref;
    return this;
  }

  public GitSource subdir(String subdir) {
    this.subdir = subdir.replaceAll("^/+", "");
    return this;
  }

  /** known_hosts lines for SSH URLs (without them the daemon disables host key checking). */
  public GitSource knownSshHosts(String knownHosts) {
    this.knownSshHosts = knownHosts;
    return this;
  }

  /** The session SSH id used to fetch SSH URLs (default {@code default}). */
  public GitSource sshId(String id) {
    this.sshId = id;
    return this;
  }

  public GitSource keepGitDir(boolean keep) {
    this.keepGitDir = keep;
    return this;
  }

  /** Pins the commit the ref must resolve to. */
  public GitSource checksum(String commit) {
    this.checksum = commit;
    return this;
  }

  /** Secret ids the daemon asks the session for an HTTP token / header (Go's defaults). */
  public GitSource authSecrets(String tokenSecretId, String headerSecretId) {
    this.authTokenSecret = tokenSecretId;
    this.authHeaderSecret = headerSecretId;
    return this;
  }

  boolean isSsh() {
    return url.startsWith("ssh://") || (!url.contains("://") && url.matches("^[^/]+@[^/:]+:.*"));
  }

  /** host + path of the remote, as Go builds the identifier. */
  String hostAndPath() {
    String rest;
    if (url.contains("://")) {
      rest = url.substring(url.indexOf("://") + 3);
      int at = rest.indexOf('@');
      int slash = rest.indexOf('/');
      if (at >= 0 && (slash < 0 || at < slash)) {
        rest = rest.substring(at + 1);
      }
    } else {
      // scp-like: user@host:path
      rest = url.substring(url.indexOf('@') + 1).replaceFirst(":", "/");
    }
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    return host + "/" + path;
  }

  SourceVertex toVertex() {
    String id = hostAndPath();
    if (!ref.isEmpty() || !subdir.isEmpty()) {
      id += "#" + ref;
      if (!subdir.isEmpty()) {
        id += ":" + subdir;
      }
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    if (keepGitDir) {
      attrs.put("git.keepgitdir", "true");
    }
    attrs.put("git.fullurl", url);
    if (!authTokenSecret.isEmpty()) {
      attrs.put("git.authtokensecret", authTokenSecret);
    }
    if (!authHeaderSecret.isEmpty()) {
      attrs.put("git.authheadersecret", authHeaderSecret);
    }
    if (isSsh()) {
      if (!knownSshHosts.isEmpty()) {
        attrs.put("git.knownsshhosts", knownSshHosts);
      }
      attrs.put("git.mountsshsock", sshId);
    }
    if (!checksum.isEmpty()) {
      attrs.put("git.checksum", checksum);
    }
    return new SourceVertex("git://" + id, attrs);
  }
}
