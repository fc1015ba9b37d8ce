package dev.goimage.runner.build;

import java.time.Instant;
import java.util.List;

/**
 * What the source probe found: the commit, its time (the image's creation time), the module path
 * from go.mod and the builder's Go version. Fields are null when the probe could not tell.
 */
public record SourceInfo(String commit, Instant commitTime, String modulePath, String goVersion) {
  static final String PREFIX = "goimage:";

  /** Parses the probe's {@code goimage:key=value} lines; other lines are ignored. */
  public static SourceInfo parse(List<String> lines) {
    String commit = null;
    Instant time = null;
    String module = null;
    String go = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (!line.startsWith(PREFIX) || !line.contains("=")) {
        continue;
      }
      String key = line.substring(PREFIX.length(), line.indexOf('='));
      String value = line.substring(line.indexOf('=') + 1).strip();
      if (value.isEmpty()) {
        continue;
      }
      switch (key) {
        case "commit" -> commit = value.matches("[0-9a-f]{40,64}") ? value : null;
        case "commit-time" ->
            time = value.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(value)) : null;
        case "module" -> module = value;
        case "goversion" -> go = value;
        default -> {}
      }
    }
    return new SourceInfo(commit, time, module, go);
  }
}
