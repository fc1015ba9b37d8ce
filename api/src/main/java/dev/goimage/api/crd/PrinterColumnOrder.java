package dev.goimage.api.crd;

import dev.goimage.api.v1alpha1.GoImageBuild;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step after the fabric8 CRD generator, which sorts printer columns by JSON path: kubectl
 * shows them in CRD order, so this puts them back in the order they are declared on {@link
 * GoImageBuild} (Phase, Digest, Reason, ..., Age).
 */
public final class PrinterColumnOrder {
  private static final String HEADER =
      "# Generated from the Java API (api/) by the fabric8 CRD generator; do not edit.\n";

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws IOException {
    var file = Path.of(args[0]);
    var crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    var declared =
        Arrays.stream(GoImageBuild.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (var version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
      if (columns != null) {
        columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
      }
    }
    Files.writeString(file, HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
  }
}
