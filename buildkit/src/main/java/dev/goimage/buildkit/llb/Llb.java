package dev.goimage.buildkit.llb;

import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of the LLB builder.
 *
 * <pre>{@code
 * State go = Llb.image("docker.io/library/golang:1.26");
 * State src = Llb.git(GitSource.of("git@host:org/app.git").ref("v1.0").knownSshHosts(kh));
 * Exec build = Llb.exec(go).args("/bin/sh", "-c", "go build -o /out/app .")
 *     .env("PATH", "/usr/local/go/bin:/usr/bin:/bin").cwd("/src")
 *     .mountReadonly("/src", src).mountScratch("/out")
 *     .mountCache("/cache/go-build", "gobuild", Exec.Sharing.SHARED);
 * State image = Llb.file(State.scratch()).copy(build.output("/out"), "/app", "/app").state();
 * LlbDefinition def = LlbDefinition.of(image, Platform.LINUX_AMD64);
 * }</pre>
 */
public final class Llb {
  private Llb() {}

  public static State scratch() {
    return State.scratch();
  }

  /** An image, normalised like Go ({@code busybox} becomes docker.io/library/busybox:latest). */
  public static State image(String ref) {
    return image(ref, null);
  }

  /**
   * An image with {@code image.resolvemode} ("default", "pull" or "local"; null leaves it unset).
   */
  public static State image(String ref, String resolveMode) {
    Map<String, String> attrs = new TreeMap<>();
    if (resolveMode != null) {
      attrs.put("image.resolvemode", resolveMode);
    }
    SourceVertex v = new SourceVertex("docker-image://" + ImageRef.normalize(ref), attrs);
    return new State(v, "0");
  }

  /** A source op with a raw identifier and attributes. */
  public static State source(String identifier, Map<String, String> attrs, String name) {
    SourceVertex v = new SourceVertex(identifier, attrs);
    v.setCustomName(name);
    return new State(v, "0");
  }

  public static State git(GitSource git) {
    return new State(git.toVertex(), "0");
  }

  public static State git(GitSource git, String name) {
    SourceVertex v = git.toVertex();
    v.setCustomName(name);
    return new State(v, "0");
  }

  public static Exec exec(State root) {
    return new Exec(root);
  }

  public static FileOps file(State base) {
    return new FileOps(base);
  }
}
