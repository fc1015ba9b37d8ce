package dev.goimage.buildkit.llb;

/**
 * Normalises image references the way docker/distribution does ("busybox" ->
 * docker.io/library/busybox:latest).
 */
public final class ImageRef {
  private ImageRef() {}

  public static String normalize(String ref) {
    String name = ref;
    String domain;
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      domain = first;
      name = name.substring(slash + 1);
    } else {
      domain = "docker.io";
    }
    if (domain.equals("index.docker.io")) {
      domain = "docker.io";
    }
    if (domain.equals("docker.io") && !name.contains("/")) {
      name = "library/" + name;
    }
    String lastComponent = name.substring(name.lastIndexOf('/') + 1);
    if (!lastComponent.contains(":") && !name.contains("@")) {
      name = name + ":latest";
    }
    return domain + "/" + name;
  }
}
