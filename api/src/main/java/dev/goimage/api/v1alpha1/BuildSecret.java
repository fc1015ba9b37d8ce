package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BuildSecret {
  @Required
  @Size(max = 63)
  @Pattern("^[A-Za-z0-9_.-]+$")
  @JsonPropertyDescription("Secret id as used in RUN --mount=type=secret,id=<id>.")
  public String id;

  @Required
  @Size(max = 253)
  @Pattern(SecretKeyRef.SECRET_NAME)
  @JsonPropertyDescription("Name of a Secret in the build's namespace.")
  public String secretName;

  @Required
  @Size(max = 253)
  @Pattern(SecretKeyRef.SECRET_KEY)
  @JsonPropertyDescription("Key within the Secret.")
  public String key;
}
