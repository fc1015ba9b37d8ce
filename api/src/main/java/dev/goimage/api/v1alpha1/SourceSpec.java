package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceSpec {
  /** A relative directory: "." or segments that do not start with a dot, so ".." cannot escape. */
  public static final String RELATIVE_DIR =
      "^(\\.|[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*)$";

  /** A package below the module root: "." or "./a/b", never "..". */
  public static final String RELATIVE_PACKAGE = "^\\.(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$";

  @Required
  @JsonPropertyDescription("The git repository and revision to build.")
  public GitSource git;

  @Default(".")
  @Pattern(RELATIVE_DIR)
  @JsonPropertyDescription(
      "Directory holding go.mod, relative to the repository root, for example services/api."
          + " No leading slash, no '..'. Default \".\".")
  public String moduleRoot;

  @Default(".")
  @Pattern(RELATIVE_PACKAGE)
  @JsonPropertyDescription(
      "The main package to build, relative to moduleRoot and starting with './', for example"
          + " ./cmd/api. Default \".\".")
  @com.fasterxml.jackson.annotation.JsonProperty("package")
  public String packagePath;
}
