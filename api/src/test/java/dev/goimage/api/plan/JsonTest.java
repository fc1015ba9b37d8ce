package dev.goimage.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void terminationMessageFitsFourKibibytesAndKeepsDigestAndFirstError() {
    var result = new BuildResult();
    result.digest = "sha256:" + "a".repeat(64);
    for (int i = 0; i < 12; i++) {
      var lines = new ArrayList<String>();
      for (int j = 0; j < 5; j++) {
        lines.add("main.go:" + j + ": " + "x".repeat(400));
      }
      result.diagnostics.add(
          Diagnostic.error(DiagnosticCode.CompileError, "compile", "error " + i, "fix " + i)
              .withEvidence(lines));
    }
    var json = Json.terminationMessage(result);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    var back = Json.read(json, BuildResult.class);
    assertThat(back.digest).isEqualTo(result.digest);
    assertThat(back.diagnostics.get(0).message).isEqualTo("error 0");
    // The original is untouched.
    assertThat(result.diagnostics).hasSize(12);
  }

  @Test
  void smallResultIsUnchanged() {
    var result = new BuildResult();
    result.succeeded = true;
    result.digest = "sha256:" + "b".repeat(64);
    result.timings.put("compile", 6.9);
    assertThat(Json.terminationMessage(result)).isEqualTo(Json.writeCompact(result));
  }

  @Test
  void evidenceKeepsTheLastFiveLines() {
    var d = Diagnostic.error(DiagnosticCode.BuildFailed, "compile", "m", "h");
    d.withEvidence(java.util.List.of("1", "2", "3", "4", "5", "6", "7"));
    assertThat(d.evidence).containsExactly("3", "4", "5", "6", "7");
  }
}
