package dev.goimage.runner;

import dev.goimage.api.plan.BuildResult;
import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.runner.progress.StepPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the BuildResult (termination message form) and prints its summary. */
final class ResultOutput {
  private ResultOutput() {}

  static void write(BuildResult result, String file) {
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Path path = Path.of(file);
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      Files.writeString(path, Json.terminationMessage(result), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the result to " + file, e);
    }
  }

  static void summarize(BuildResult result, StepPrinter printer) {
    StringBuilder t = new StringBuilder("timings:");
    result.timings.forEach(
        (k, v) -> t.append(String.format(java.util.Locale.ROOT, " %s %.1fs", k, v)));
    printer.message(t.toString());
    if (result.modulesDownloaded != null) {
      printer.message("modules downloaded: " + result.modulesDownloaded);
    }
    for (Diagnostic d : result.diagnostics) {
      printer.message(d.severity + " " + d.code + " (" + d.step + "): " + d.message);
      if (d.hint != null && !d.hint.isBlank()) {
        printer.message("  hint: " + d.hint);
      }
      d.evidence.forEach(l -> printer.message("  > " + l));
    }
    if (result.succeeded) {
      printer.message("image: " + (result.imageRef != null ? result.imageRef : result.image));
    } else if (result.digest != null) {
      printer.message("verification failed: " + result.imageRef);
    } else {
      printer.message("build failed");
    }
  }
}
