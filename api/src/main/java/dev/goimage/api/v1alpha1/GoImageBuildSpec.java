package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!(self.source.git.url.startsWith('git@') || self.source.git.url.startsWith('ssh://'))"
            + " || (has(self.secrets) && has(self.secrets.ssh))",
    message =
        "spec.source.git.url is an SSH URL: set spec.secrets.ssh (a Secret with the private key"
            + " and known_hosts)",
    reason = "FieldValueRequired",
    fieldPath = ".secrets")
@ValidationRule(
    value = "!has(self.dockerfile) || !has(self.output.baseImage)",
    message =
        "spec.output.baseImage applies to native Go builds only; with spec.dockerfile the"
            + " Dockerfile's FROM decides the base image",
    reason = "FieldValueForbidden",
    fieldPath = ".output.baseImage")
public class GoImageBuildSpec {
  @Required
  @JsonPropertyDescription(
      "Where the Go source comes from: git repository, module root and main package.")
  public SourceSpec source;

  @JsonPropertyDescription("Go toolchain and module settings for the build.")
  public GoSpec go;

  @JsonPropertyDescription(
      "Build with a Dockerfile from the repository instead of the native Go build graph."
          + " The Go settings are passed as build arguments.")
  public DockerfileSpec dockerfile;

  @JsonPropertyDescription(
      "Secrets the build may use. They are mounted into the build pod only; the operator"
          + " checks that they exist and never reads their values.")
  public SecretsSpec secrets;

  @JsonPropertyDescription(
      "Persistent cache for Go modules, the Go build cache and BuildKit layers. Without it every"
          + " build downloads every module.")
  public CacheSpec cache;

  @Required
  @JsonPropertyDescription("The image to build and push.")
  public OutputSpec output;

  @JsonPropertyDescription(
      "Checks run against the pushed image before the build is called good: health, then chaos.")
  public VerifySpec verify;

  @Default("1800")
  @Min(60)
  @Max(86400)
  @JsonPropertyDescription(
      "Deadline for the whole build in seconds (60 to 86400). Default 1800. The runner cancels the"
          + " build when it passes and reports the step that was still running; the build Job's"
          + " own deadline is 60 s later, as a backstop.")
  public Integer timeoutSeconds;

  @JsonPropertyDescription("Scheduling and resources of the build pod.")
  public BuilderSpec builder;
}
