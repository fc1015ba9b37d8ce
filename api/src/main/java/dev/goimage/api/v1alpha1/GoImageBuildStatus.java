package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GoImageBuildStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Where the build is: Pending, Queued (waiting for the cache volume), Building, Verifying,"
          + " Succeeded or Failed.")
  public Phase phase;

  @JsonPropertyDescription("When the build Job was created (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the build reached Succeeded or Failed (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Name of the build Job of the current generation.")
  public String buildJob;

  @JsonPropertyDescription(
      "The goimage.dev/rebuild annotation value the current build Job was made for.")
  public String rebuildToken;

  @JsonPropertyDescription("What was built: commit, Go version and module path.")
  public SourceStatus source;

  @JsonPropertyDescription("The pushed image.")
  public OutputStatus output;

  @JsonPropertyDescription("The cache volume used and how many modules had to be downloaded.")
  public CacheStatus cache;

  @JsonPropertyDescription("Seconds spent per step: source, modules, compile, image, push, verify.")
  public Map<String, Double> timings = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Go-aware findings: code, severity, step, message, hint (the field to change) and"
          + " evidence. A failed build has at least one with severity Error.")
  public List<Diagnostic> diagnostics = new ArrayList<>();

  @JsonPropertyDescription("Results of spec.verify: health and chaos rounds.")
  public VerificationStatus verification;

  @JsonPropertyDescription(
      "Succeeded (the run as a whole), Built, Pushed and Verified. Reasons are diagnostic codes.")
  public List<Condition> conditions = new ArrayList<>();

  public enum Phase {
    Pending,
    Queued,
    Building,
    Verifying,
    Succeeded,
    Failed;

    public boolean isFinished() {
      return this == Succeeded || this == Failed;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SourceStatus {
    @JsonPropertyDescription("Full commit SHA that was built.")
    public String commit;

    @JsonPropertyDescription("Go version of the toolchain that compiled the binary.")
    public String goVersion;

    @JsonPropertyDescription("Module path from go.mod.")
    public String modulePath;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OutputStatus {
    @JsonPropertyDescription("The image reference that was pushed (spec.output.image).")
    public String image;

    @JsonPropertyDescription("Manifest digest the registry serves for the pushed image.")
    public String digest;

    @JsonPropertyDescription("The first 12 hex digits of the digest, for display.")
    public String shortDigest;

    @JsonPropertyDescription("The image by digest: <repository>@sha256:..., what to deploy.")
    public String imageRef;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CacheStatus {
    @JsonPropertyDescription("The PersistentVolumeClaim the build used, if any.")
    public String volumeClaimName;

    @JsonPropertyDescription("Modules downloaded by this build; 0 on a warm cache.")
    public Integer modulesDownloaded;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VerificationStatus {
    @JsonPropertyDescription(
        "Where verification is: Health (waiting for the first healthy state), Chaos, Passed or"
            + " Failed.")
    public String stage;

    @JsonPropertyDescription("Health probe result: Passed or Failed.")
    public String health;

    @JsonPropertyDescription("The verification pod running the image by digest.")
    public String pod;

    @JsonPropertyDescription("When verification started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("Seconds from the pod's start to its first healthy state.")
    public Double healthySeconds;

    @JsonPropertyDescription("Chaos rounds: kills made, recoveries seen, slowest recovery.")
    public ChaosStatus chaos;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ChaosStatus {
    @JsonPropertyDescription("Kills made.")
    public Integer kills;

    @JsonPropertyDescription("Recoveries within the bound.")
    public Integer recovered;

    @JsonPropertyDescription("Slowest recovery in seconds (the largest of roundSeconds).")
    public Double slowestRecoverySeconds;

    @JsonPropertyDescription(
        "Recovery time of each round in seconds: from the restarted container's start (or, when"
            + " that is unknown, the kill) to healthy.")
    public List<Double> roundSeconds = new ArrayList<>();

    @JsonPropertyDescription(
        "Seconds from each round's kill to the container's restart: the kubelet's restart"
            + " back-off (about 0, 10, 20 s for repeated kills), not counted against the bound.")
    public List<Double> restartDelaySeconds = new ArrayList<>();

    @JsonPropertyDescription("When the current round's kill was made (RFC 3339), while it runs.")
    public String killedAt;

    @JsonPropertyDescription(
        "When the container first started again after the current round's kill (RFC 3339).")
    public String restartedAt;

    @JsonPropertyDescription("The container's restart count just before the current kill.")
    public Integer restartsBeforeKill;
  }
}
