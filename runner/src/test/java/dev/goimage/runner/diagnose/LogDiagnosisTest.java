package dev.goimage.runner.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Saved logs of the real go command: failures made on purpose (logs/failure/CODE.log, one per file,
 * with the code as its name) and successful builds (logs/success), which must give no diagnostic at
 * all. Paths and the proxy host in the logs were neutralised when they were saved.
 */
class LogDiagnosisTest {
  private final LogDiagnosis diagnosis = new LogDiagnosis(new CatalogueClassifier());

  static Stream<Path> failures() throws IOException {
    return list("logs/failure");
  }

  static Stream<Path> successes() throws IOException {
    return list("logs/success");
  }

  private static Stream<Path> list(String dir) throws IOException {
    try (var files = Files.list(Path.of("src/test/resources", dir))) {
      return files.filter(p -> p.toString().endsWith(".log")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failureLogGivesTheCodeItIsNamedFor(Path log) throws IOException {
    var expected = log.getFileName().toString().replace(".log", "");
    var diagnostics = diagnosis.diagnose(Files.readAllLines(log));
    assertThat(diagnostics).extracting(d -> d.code).containsExactly(expected);
    assertThat(diagnostics.get(0).evidence).isNotEmpty().hasSizeLessThanOrEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("successes")
  void successfulBuildLogGivesNoDiagnostic(Path log) throws IOException {
    assertThat(diagnosis.diagnose(Files.readAllLines(log))).isEmpty();
  }
}
