package dev.goimage.buildkit.llb;

import dev.goimage.buildkit.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI image config given to the image exporter as {@code containerimage.config}. The exporter
 * fills in rootfs and history.
 */
public final class ImageConfig {
  private final Platform platform;
  private List<String> entrypoint = List.of();
  private List<String> cmd = List.of();
  private final Map<String, String> env = new LinkedHashMap<>();
  private String user = "";
  private String workingDir = "/";
  private final Map<String, String> labels = new TreeMap<>();
  private final List<String> exposedPorts = new ArrayList<>();

  public ImageConfig(Platform platform) {
    this.platform = platform;
  }

  public ImageConfig entrypoint(String... args) {
    this.entrypoint = List.of(args);
    return this;
  }

  public ImageConfig cmd(String... args) {
    this.cmd = List.of(args);
    return this;
  }

  public ImageConfig env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ImageConfig user(String user) {
    this.user = user;
    return this;
  }

  public ImageConfig workingDir(String dir) {
    this.workingDir = dir;
    return this;
  }

  public ImageConfig label(String key, String value) {
    labels.put(key, value);
    return this;
  }

  /** e.g. {@code 8080/tcp}. */
  public ImageConfig exposedPort(String port) {
    exposedPorts.add(port);
    return this;
  }

  public String toJson() {
    Map<String, Object> config = new LinkedHashMap<>();
    if (!entrypoint.isEmpty()) {
      config.put("Entrypoint", entrypoint);
    }
    if (!cmd.isEmpty()) {
      config.put("Cmd", cmd);
    }
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    if (!envList.isEmpty()) {
      config.put("Env", envList);
    }
    if (!user.isEmpty()) {
      config.put("User", user);
    }
    config.put("WorkingDir", workingDir);
    if (!labels.isEmpty()) {
      config.put("Labels", labels);
    }
    if (!exposedPorts.isEmpty()) {
      Map<String, Object> ports = new TreeMap<>();
      exposedPorts.forEach(p -> ports.put(p, Map.of()));
      config.put("ExposedPorts", ports);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("architecture", platform.architecture());
    root.put("os", platform.os());
    if (!platform.variant().isEmpty()) {
      root.put("variant", platform.variant());
    }
    root.put("config", config);
    return Json.write(root);
  }
}
