package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BuilderSpec {
  @JsonPropertyDescription(
      "Resources of the build containers (BuildKit does the work, so this applies to it)."
          + " Linking large Go programs needs memory: raise limits.memory on OutOfMemory.")
  public ResourceRequirements resources;

  @Size(max = 32)
  @JsonPropertyDescription("Node labels the build pod must be scheduled on.")
  public Map<String, String> nodeSelector;

  @Size(max = 32)
  @JsonPropertyDescription("Tolerations of the build pod.")
  public List<Toleration> tolerations;
}
