package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.env) || self.env.all(e, !(e.name in ['GOPROXY', 'GOPRIVATE', 'GONOPROXY',"
            + " 'GONOSUMDB', 'CGO_ENABLED', 'GOOS', 'GOARCH', 'GOTOOLCHAIN']))",
    message =
        "spec.go.env must not set GOPROXY, GOPRIVATE, GONOPROXY, GONOSUMDB, CGO_ENABLED, GOOS,"
            + " GOARCH or GOTOOLCHAIN: use spec.go.proxy, spec.go.private, spec.go.noSumDB,"
            + " spec.go.cgo, spec.go.platforms and spec.go.version instead",
    reason = "FieldValueForbidden",
    fieldPath = ".env")
public class GoSpec {
  @Pattern("^1\\.[0-9]+(\\.[0-9]+)?$")
  @JsonPropertyDescription(
      "Go version of the builder image golang:<version>, for example \"1.26\" or \"1.26.8\"."
          + " Default: the operator's configured Go version. Ignored when builderImage is set.")
  public String version;

  @Pattern(OutputSpec.IMAGE_REFERENCE)
  @JsonPropertyDescription(
      "Builder image to use instead of golang:<version>. It needs the go tool on PATH, git and"
          + " ssh for private modules.")
  public String builderImage;

  @Size(max = 1024)
  @Pattern("^(https?://[^,|\\s]+|direct|off)([,|](https?://[^,|\\s]+|direct|off))*$")
  @JsonPropertyDescription(
      "GOPROXY: comma- or pipe-separated proxy URLs, 'direct' or 'off'. Default: the operator's"
          + " configured proxy.")
  public String proxy;

  @JsonPropertyDescription(
      "GOPRIVATE module path patterns (for example github.com/acme/*). They bypass the proxy and"
          + " the checksum database and are fetched with git over SSH using spec.secrets.ssh.")
  @JsonProperty("private")
  @ValidationRule(
      value = "self.all(p, p.matches('^[^\\\\s,]+$'))",
      message = "spec.go.private: one module path pattern per item, without spaces or commas")
  @Size(max = 64)
  public List<@Size(max = 256) String> privateModules;

  @JsonPropertyDescription("Extra GONOSUMDB module path patterns.")
  @ValidationRule(
      value = "self.all(p, p.matches('^[^\\\\s,]+$'))",
      message = "spec.go.noSumDB: one module path pattern per item, without spaces or commas")
  @Size(max = 64)
  public List<@Size(max = 256) String> noSumDB;

  @JsonPropertyDescription(
      "Additional environment variables for go commands, for example GOFLAGS or GOEXPERIMENT.")
  @Size(max = 64)
  public List<EnvVar> env;

  @JsonPropertyDescription(
      "CGO_ENABLED. Default false, which gives a static binary that runs on a scratch image.")
  public Boolean cgo;

  @JsonPropertyDescription("Build tags passed to go build -tags.")
  @ValidationRule(
      value = "self.all(t, t.matches('^[A-Za-z0-9_.]+$'))",
      message = "spec.go.tags: each tag is letters, digits, '_' or '.', one tag per item")
  @Size(max = 32)
  public List<@Size(max = 128) String> tags;

  @JsonPropertyDescription(
      "Linker flags, one list item per flag so values may contain spaces, for example"
          + " [\"-s\", \"-w\", \"-X main.version=1.2\"].")
  @Size(max = 64)
  public List<@Size(max = 1024) String> ldflags;

  @JsonPropertyDescription(
      "Target platforms, for example [linux/amd64, linux/arm64]; more than one gives a"
          + " multi-platform image index. Default linux/amd64.")
  @ValidationRule(
      value =
          "self.all(p, p.matches('^linux/(amd64|arm64|arm/v6|arm/v7|386|ppc64le|s390x|riscv64)$'))",
      message =
          "spec.go.platforms: each item is linux/<arch>, for example linux/amd64 or linux/arm64")
  @Size(max = 8)
  public List<@Size(max = 32) String> platforms;
}
