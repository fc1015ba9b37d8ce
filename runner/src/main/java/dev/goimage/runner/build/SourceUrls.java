package dev.goimage.runner.build;

/** Git URL helpers. */
public final class SourceUrls {
  private SourceUrls() {}

  /** {@code https://user:token@host/x} becomes {@code https://host/x}; ssh user names stay. */
  public static String withoutCredentials(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceFirst("^(https?://)[^/@]*@", "$1");
  }

  /** True for {@code ssh://...} and scp-like {@code user@host:path} URLs. */
  public static boolean isSsh(String url) {
    return url != null
        && (url.startsWith("ssh://") || (!url.contains("://") && url.matches("^[^/]+@[^/:]+:.*")));
  }
}
