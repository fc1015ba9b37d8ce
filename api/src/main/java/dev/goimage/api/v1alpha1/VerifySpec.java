package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

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

  @JsonPropertyDescription("Resources of the verification pod's container.")
  public ResourceRequirements resources;

  @Default("3600")
  @Min(0)
  @Max(604800)
  @JsonPropertyDescription(
      "After a failed verification, keep the pod this many seconds (or until the next build) so"
          + " it can be inspected. Default 3600.")
  public Integer keepFailedPodSeconds;
}
