package dev.goimage.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Codes are API: each one users can meet is explained in the user reference. */
class DiagnosticCodesDocumentedTest {

  @Test
  void everyCodeHasASectionInDocsDiagnostics() throws IOException {
    var doc = Files.readString(Path.of("..", "docs", "diagnostics.md"));
    var missing =
        Arrays.stream(DiagnosticCode.values())
            .map(Enum::name)
            .filter(code -> !doc.contains("### " + code + "\n"))
            .toList();
    assertThat(missing).as("codes without a '### Code' section in docs/diagnostics.md").isEmpty();
  }
}
