package dev.goimage.buildkit;

import dev.goimage.buildkit.llb.ImageConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * An exporter of a solve result: {@code image}, {@code oci}, {@code local}, ... with attributes.
 */
public final class Exporter {
  private final String type;
  private final Map<String, String> attrs = new TreeMap<>();

  private Exporter(String type) {
    this.type = type;
  }

  public static Exporter of(String type) {
    return new Exporter(type);
  }

  /** The {@code image} exporter for one or more comma-separated names. */
  public static Exporter image(String names) {
    return new Exporter("image").attr("name", names);
  }

  public Exporter attr(String key, String value) {
    attrs.put(key, value);
    return this;
  }

  /** {@code push=true}: pushes to the registry of each name. */
  public Exporter push(boolean push) {
    return attr("push", Boolean.toString(push));
  }

  /** {@code registry.insecure=true}: plain HTTP / unverified TLS for the pushed names' registry. */
  public Exporter insecureRegistry(boolean insecure) {
    return attr("registry.insecure", Boolean.toString(insecure));
  }

  /** {@code containerimage.config}: the OCI image config JSON (entrypoint, env, user, ...). */
  public Exporter imageConfig(ImageConfig config) {
    return attr("containerimage.config", config.toJson());
  }

  public String type() {
    return type;
  }

  public Map<String, String> attrs() {
    return Map.copyOf(attrs);
  }
}
