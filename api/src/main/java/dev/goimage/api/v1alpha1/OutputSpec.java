package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputSpec {
  /** [registry[:port]/]name[/name...][:tag][@sha256:digest], lower-case repository names. */
  public static final String IMAGE_REFERENCE =
      "^([a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

  @Required
  @Size(max = 512)
  @Pattern(IMAGE_REFERENCE)
  @JsonPropertyDescription(
      "Image reference to push, for example registry.example.com/team/api:v1.2.3. Lower-case"
          + " repository, optional tag.")
  public String image;

  @Pattern(SecretKeyRef.SECRET_NAME)
  @JsonPropertyDescription(
      "Secret of type kubernetes.io/dockerconfigjson with credentials for the registry; also"
          + " used to pull the base and builder images.")
  public String pushSecret;

  @Size(max = 512)
  @Pattern(IMAGE_REFERENCE)
  @JsonPropertyDescription(
      "Base image of native builds: scratch (the default) or an image such as a distroless one."
          + " Not used with spec.dockerfile.")
  public String baseImage;

  @JsonPropertyDescription("Push over plain HTTP without TLS verification (test registries only).")
  public Boolean insecure;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Extra image labels. org.opencontainers.image.source and .revision are always set.")
  public Map<String, String> labels;
}
