package dev.goimage.runner.build;

import dev.goimage.api.plan.BuildPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The known_hosts file of the plan (public host keys: fine to put into LLB, never secret). */
final class KnownHosts {
  private KnownHosts() {}

  static String content(BuildPlan plan) {
    if (plan.secrets.knownHostsFile == null) {
      return "";
    }
    try {
      String text = Files.readString(Path.of(plan.secrets.knownHostsFile), StandardCharsets.UTF_8);
      return text.endsWith("\n") || text.isEmpty() ? text : text + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(
          "known_hosts file unreadable: " + plan.secrets.knownHostsFile, e);
    }
  }
}
