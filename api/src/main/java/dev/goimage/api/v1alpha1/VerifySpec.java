package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.chaos) || has(self.health)",
    message =
        "spec.verify.chaos needs spec.verify.health: recovery is measured with the health probe",
    reason = "FieldValueRequired",
    fieldPath = ".health")
public class VerifySpec {
  @JsonPropertyDescription(
      "Run the pushed image by digest and wait until this probe passes before calling the build"
          + " good.")
  public HealthSpec health;

  @JsonPropertyDescription(
      "After the image is healthy, kill it repeatedly and require it to recover each time.")
  public ChaosSpec chaos;
}
