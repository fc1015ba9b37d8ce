package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A name/value pair: an environment variable or a build argument. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvVar {
  @Required
  @Size(max = 128)
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @JsonPropertyDescription("Variable name: letters, digits and '_', not starting with a digit.")
  public String name;

  @Size(max = 4096)
  @JsonPropertyDescription("Value; empty when omitted. Not for secrets: use spec.secrets.build.")
  public String value;

  public EnvVar() {}

  public EnvVar(String name, String value) {
    this.name = name;
    this.value = value;
  }
}
