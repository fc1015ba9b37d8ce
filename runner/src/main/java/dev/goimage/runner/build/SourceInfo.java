package dev.goimage.runner.build;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the source probe found: the commit, its time (the image's creation time), the module path
 * from go.mod and the builder's Go version, plus facts for diagnostics: where go.mod files are in
 * the repository and which main packages the module root has. Fields are null (lists empty) when
 * the probe could not tell. {@code packageName} is the Go package name of spec.source.package;
 * {@code dockerfiles} the Dockerfiles of the repository (Dockerfile mode only; null when the probe
 * did not look).
 */
public record SourceInfo(
    String commit,
    Instant commitTime,
    String modulePath,
    String goVersion,
    List<String> goModDirs,
    List<String> mainPackages,
    String packageName,
    List<String> dockerfiles) {
  public SourceInfo(String commit, Instant commitTime, String modulePath, String goVersion) {
    this(commit, commitTime, modulePath, goVersion, List.of(), List.of(), null, null);
  }

  static final String PREFIX = "goimage:";

  /** Parses the probe's {@code goimage:key=value} lines; other lines are ignored. */
  public static SourceInfo parse(List<String> lines) {
    String commit = null;
    Instant time = null;
    String module = null;
    String go = null;
    var goMods = new java.util.ArrayList<String>();
    var mains = new java.util.ArrayList<String>();
    String pkgName = null;
    List<String> dockerfiles = null;
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
        case "gomod" -> goMods.add(value);
        case "main" -> mains.add(value);
        case "pkgname" -> pkgName = value;
        case "dockerfiles-listed" ->
            dockerfiles = dockerfiles == null ? new ArrayList<>() : dockerfiles;
        case "dockerfile" -> {
          dockerfiles = dockerfiles == null ? new ArrayList<>() : dockerfiles;
          dockerfiles.add(value);
        }
        default -> {}
      }
    }
    return new SourceInfo(
        commit,
        time,
        module,
        go,
        List.copyOf(goMods),
        List.copyOf(mains),
        pkgName,
        dockerfiles == null ? null : List.copyOf(dockerfiles));
  }
}
