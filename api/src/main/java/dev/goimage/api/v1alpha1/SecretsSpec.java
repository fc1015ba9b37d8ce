package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretsSpec {
  @JsonPropertyDescription(
      "SSH key for the git source and for private modules over SSH (forwarded as an SSH agent,"
          + " never written into the image). Host keys are always verified.")
  public SshSecret ssh;

  @JsonPropertyDescription(
      "A netrc file for private modules over HTTPS or an authenticated module proxy.")
  public SecretKeyRef netrc;

  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.id == a.id))",
      message = "spec.secrets.build: every id must be unique")
  @JsonPropertyDescription(
      "Extra BuildKit secrets, for Dockerfile RUN --mount=type=secret,id=<id>.")
  public List<BuildSecret> build;
}
