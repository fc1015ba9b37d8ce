package dev.goimage.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.goimage.api.v1alpha1.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runner reports: written as the runner container's termination message (at most {@link
 * #MAX_BYTES}) and printed by local mode.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BuildResult {
  public static final String API_VERSION = "goimage.dev/buildresult/v1";

  /** Kubernetes keeps at most 4 KiB of a container's termination message. */
  public static final int MAX_BYTES = 4096;

  public String apiVersion = API_VERSION;
  public boolean succeeded;
  public String image;
  public String digest;
  public String imageRef;
  public String commit;
  public String goVersion;
  public String modulePath;
  public Integer modulesDownloaded;
  public Map<String, Double> timings = new LinkedHashMap<>();
  public List<Diagnostic> diagnostics = new ArrayList<>();

  /** Local mode only: the verdict of spec.verify against the image run on this machine. */
  public dev.goimage.api.v1alpha1.GoImageBuildStatus.VerificationStatus verification;
}
