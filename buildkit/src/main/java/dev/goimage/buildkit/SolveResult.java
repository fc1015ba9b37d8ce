package dev.goimage.buildkit;

import dev.goimage.buildkit.progress.BuildProgress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A finished solve: the exporter response ({@code containerimage.digest}, {@code
 * containerimage.config.digest}, {@code image.name}, ...) and the progress of every step.
 */
public record SolveResult(
    String ref, Map<String, String> exporterResponse, BuildProgress progress, Duration duration) {

  /**
   * The pushed/created manifest digest ({@code containerimage.digest}), if an image was exported.
   */
  public Optional<String> imageDigest() {
    return Optional.ofNullable(exporterResponse.get("containerimage.digest"));
  }
}
