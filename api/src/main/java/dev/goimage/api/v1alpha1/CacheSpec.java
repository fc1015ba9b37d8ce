package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.volumeClaimName) != has(self.size)",
    message =
        "spec.cache: set exactly one of volumeClaimName (an existing claim) or size (a claim the"
            + " operator creates)")
@ValidationRule(
    value = "!has(self.storageClassName) || has(self.size)",
    message = "spec.cache.storageClassName applies only with spec.cache.size",
    reason = "FieldValueForbidden",
    fieldPath = ".storageClassName")
public class CacheSpec {
  @Pattern(SecretKeyRef.SECRET_NAME)
  @JsonPropertyDescription(
      "An existing PersistentVolumeClaim, which may be shared by many builds: they run one at a"
          + " time, the others wait as Queued. Never deleted by the operator.")
  public String volumeClaimName;

  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
  @JsonPropertyDescription(
      "Size of a PersistentVolumeClaim the operator creates for this build, for example 20Gi."
          + " It is deleted with the GoImageBuild.")
  public String size;

  @Pattern(SecretKeyRef.SECRET_NAME)
  @JsonPropertyDescription("StorageClass of the created claim; the cluster default when omitted.")
  public String storageClassName;
}
