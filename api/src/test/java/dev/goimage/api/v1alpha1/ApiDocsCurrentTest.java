package dev.goimage.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/api.md is generated from the CRD (make docs); this notices when it was not regenerated. */
class ApiDocsCurrentTest {
  private static final java.util.Set<String> OPAQUE =
      java.util.Set.of("spec.builder.resources", "spec.builder.tolerations", "status.conditions");

  @Test
  void everyFieldOfTheCrdIsInTheReferenceWithItsDescription() throws IOException {
    var crd =
        Serialization.unmarshal(
            Files.readString(Path.of("..", "crds", "goimagebuilds.goimage.dev-v1.yml")),
            CustomResourceDefinition.class);
    var schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    var doc = Files.readString(Path.of("..", "docs", "api.md"));
    var missing = new ArrayList<String>();
    check(schema.getProperties().get("spec"), "spec", doc, missing);
    check(schema.getProperties().get("status"), "status", doc, missing);
    assertThat(missing).as("stale docs/api.md: run make docs").isEmpty();
  }

  private static void check(JSONSchemaProps node, String path, String doc, List<String> missing) {
    // Kubernetes' own types (resources, tolerations, conditions) are documented upstream.
    if (node.getProperties() == null || OPAQUE.contains(path.replace("[]", ""))) {
      return;
    }
    node.getProperties()
        .forEach(
            (name, sub) -> {
              var p = path + "." + name;
              var row = "| `" + p + "` | ";
              var description =
                  sub.getDescription() == null ? "" : sub.getDescription().replace("|", "\\|");
              if (!doc.contains(row) || !doc.contains(description)) {
                missing.add(p);
              }
              if (sub.getItems() != null && sub.getItems().getSchema() != null) {
                check(sub.getItems().getSchema(), p + "[]", doc, missing);
              } else {
                check(sub, p, doc, missing);
              }
            });
  }
}
