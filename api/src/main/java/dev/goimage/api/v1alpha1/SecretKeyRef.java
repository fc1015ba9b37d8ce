package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One key of one Secret in the build's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  public static final String SECRET_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  @Required
  @Pattern(SECRET_NAME)
  @JsonPropertyDescription("Name of a Secret in the build's namespace.")
  public String secretName;

  @Required
  @Pattern(SECRET_KEY)
  @JsonPropertyDescription("Key within the Secret, for example .netrc.")
  public String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String secretName, String key) {
    this.secretName = secretName;
    this.key = key;
  }
}
