package dev.goimage.api.v1alpha1;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads GoImageBuild YAML as users write it (kubectl apply files, local mode's -f). */
public final class GoImageBuilds {
  private GoImageBuilds() {}

  public static GoImageBuild read(InputStream yaml) {
    var build = Serialization.unmarshal(yaml, GoImageBuild.class);
    if (build == null || build.getSpec() == null) {
      throw new IllegalArgumentException("not a GoImageBuild: the document has no spec");
    }
    return build;
  }

  public static GoImageBuild read(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return read(in);
    }
  }
}
