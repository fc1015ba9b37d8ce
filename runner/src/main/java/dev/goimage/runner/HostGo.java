package dev.goimage.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Settings of the host's go command, for local mode's defaults. */
final class HostGo {
  private HostGo() {}

  /** {@code go env GOPROXY} of this machine, or null if go is not installed or says nothing. */
  static String goProxy() {
    try {
      Process p =
          new ProcessBuilder("go", "env", "GOPROXY")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
