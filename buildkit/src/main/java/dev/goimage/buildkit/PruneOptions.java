package dev.goimage.buildkit;

import java.time.Duration;
import java.util.List;

/**
 * {@code Control.Prune} parameters. {@code filters} use containerd syntax, e.g. {@code
 * type==exec.cachemount}; space limits are bytes (0 = not set).
 */
public record PruneOptions(
    boolean all,
    List<String> filters,
    Duration keepDuration,
    long reservedSpace,
    long maxUsedSpace,
    long minFreeSpace) {

  /** Removes everything unused, like {@code buildctl prune --all}. */
  public static PruneOptions everything() {
    return new PruneOptions(true, List.of(), Duration.ZERO, 0, 0, 0);
  }

  /** Removes unused cache mounts and git checkouts older than {@code keep}. */
  public static PruneOptions cacheMountsOlderThan(Duration keep) {
    return new PruneOptions(
        false, List.of("type==exec.cachemount", "type==source.git.checkout"), keep, 0, 0, 0);
  }
}
