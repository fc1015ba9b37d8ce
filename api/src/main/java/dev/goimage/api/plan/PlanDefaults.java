package dev.goimage.api.plan;

/**
 * Defaults an installation chooses (the operator's settings, or local mode's): what a spec gets
 * when it leaves a field out.
 *
 * @param goVersion Go version of the builder image when spec.go.version is unset
 * @param goProxy GOPROXY when spec.go.proxy is unset; null leaves GOPROXY unset, so the go
 *     command's own default applies
 * @param builderImageRepository repository of builder images; the tag is the Go version
 */
public record PlanDefaults(String goVersion, String goProxy, String builderImageRepository) {
  public static final PlanDefaults STANDARD = new PlanDefaults("1.26", null, "golang");
}
