package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SshSecret {
  @Required
  @Pattern(SecretKeyRef.SECRET_NAME)
  @JsonPropertyDescription(
      "Name of a Secret in the build's namespace, usually of type kubernetes.io/ssh-auth.")
  public String secretName;

  @Default("ssh-privatekey")
  @Pattern(SecretKeyRef.SECRET_KEY)
  @JsonPropertyDescription("Key of the private key in the Secret. Default \"ssh-privatekey\".")
  public String privateKeyKey;

  @Required
  @Pattern(SecretKeyRef.SECRET_KEY)
  @JsonPropertyDescription(
      "Key of the known_hosts data in the Secret (for example known_hosts). Required: host keys"
          + " are verified, never trusted blindly.")
  public String knownHostsKey;
}
