package dev.goimage.runner.diagnose;

import dev.goimage.api.plan.Json;
import dev.goimage.api.v1alpha1.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goimage diagnose --log FILE [--json]}: the catalogue applied to a saved log. */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description =
        "Classifies a saved build log (goimage's own, go build or docker build output) and says"
            + " what to change. Exit code 0: no failure found; 1: a failure was classified.")
public final class DiagnoseCommand implements Callable<Integer> {
  @Option(names = "--log", required = true, description = "The log file to read.")
  Path log;

  @Option(names = "--json", description = "Print the diagnostics as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var lines = Files.readAllLines(log);
    var diagnostics = new LogDiagnosis(new CatalogueClassifier()).diagnose(lines);
    if (json) {
      System.out.println(Json.write(diagnostics));
    } else if (diagnostics.isEmpty()) {
      System.out.println("No failure found in " + log + ".");
    } else {
      for (Diagnostic d : diagnostics) {
        System.out.println(d.severity + " " + d.code + " (" + d.step + "): " + d.message);
        System.out.println("  fix: " + d.hint);
        d.evidence.forEach(e -> System.out.println("  | " + e));
      }
    }
    return diagnostics.isEmpty() ? 0 : 1;
  }
}
