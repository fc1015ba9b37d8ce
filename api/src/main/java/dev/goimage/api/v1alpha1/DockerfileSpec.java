package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DockerfileSpec {
  @Default("Dockerfile")
  @Pattern("^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
  @JsonPropertyDescription(
      "Path of the Dockerfile relative to the repository root, no '..'. Default \"Dockerfile\".")
  public String path;

  @Pattern("^[A-Za-z0-9._-]*$")
  @JsonPropertyDescription(
      "Build stage to stop at (docker build --target). Default: the last stage.")
  public String target;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Build arguments (ARG). GOPROXY, GOPRIVATE, GONOSUMDB and CGO_ENABLED are passed from"
          + " spec.go as well.")
  public List<EnvVar> buildArgs;
}
