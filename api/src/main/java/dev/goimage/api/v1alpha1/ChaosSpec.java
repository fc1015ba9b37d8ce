package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChaosSpec {
  @Default("3")
  @Min(1)
  @Max(20)
  @JsonPropertyDescription("How many times to kill the running container (1 to 20). Default 3.")
  public Integer kills;

  @Default("30")
  @Min(1)
  @Max(600)
  @JsonPropertyDescription(
      "Each time, the image must be healthy again within this many seconds of its restart."
          + " Default 30. The kubelet's restart back-off between kill and restart (about 10 s"
          + " before the second restart, 20 s before the third) is recorded, not counted. A"
          + " slower round is watched up to 60 s longer so the failure reports its real time.")
  public Integer recoverWithinSeconds;

  @JsonPropertyDescription(
      "Delete the pod instead of killing the process, so a replacement pod must come up.")
  public Boolean deletePod;
}
