package dev.goimage.operator.build;

import dev.goimage.api.v1alpha1.GoImageBuild;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of what one build of a GoImageBuild creates. The Job name comes from the
 * generation (and the rebuild annotation), so every reconcile of the same spec arrives at the same
 * name and a second Job can never be made for it.
 */
public record BuildIdentity(
    String buildName, long generation, String rebuildToken, String jobName) {
  public static final String LABEL_BUILD = "goimage.dev/build";
  public static final String LABEL_GENERATION = "goimage.dev/generation";
  public static final String LABEL_CACHE_CLAIM = "goimage.dev/cache-claim";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "goimage-operator";

  /** Job names become pod label values, so they must fit 63 characters. */
  private static final int MAX_NAME = 63;

  public static BuildIdentity of(GoImageBuild build) {
    var name = build.getMetadata().getName();
    long generation =
        build.getMetadata().getGeneration() == null ? 1 : build.getMetadata().getGeneration();
    var annotations = build.getMetadata().getAnnotations();
    var token = annotations == null ? null : annotations.get(GoImageBuild.REBUILD_ANNOTATION);
    if (token != null && token.isBlank()) {
      token = null;
    }
    var suffix = "-g" + generation + (token == null ? "" : "-r" + hash(token, 6));
    return new BuildIdentity(name, generation, token, fit(name, suffix));
  }

  public String planConfigMapName() {
    return jobName + "-plan";
  }

  /** The claim the operator creates for spec.cache.size. */
  public String ownedCacheClaimName() {
    return fit(buildName, "-cache");
  }

  public Map<String, String> labels(String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put("app.kubernetes.io/name", "goimage");
    labels.put(LABEL_COMPONENT, component);
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    labels.put(LABEL_BUILD, fit(buildName, ""));
    labels.put(LABEL_GENERATION, Long.toString(generation));
    return labels;
  }

  private static String fit(String base, String suffix) {
    if (base.length() + suffix.length() <= MAX_NAME) {
      return base + suffix;
    }
    var h = "-" + hash(base, 8);
    var keep = MAX_NAME - suffix.length() - h.length();
    var head = base.substring(0, keep).replaceAll("[-.]+$", "");
    return head + h + suffix;
  }

  static String hash(String value, int hexChars) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
