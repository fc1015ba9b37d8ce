package dev.goimage.api.plan;

import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.GoImageBuilds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loads the repository's examples/*.yaml, the same files users start from. */
final class Examples {
  private Examples() {}

  static GoImageBuild load(String file) {
    try {
      var build = GoImageBuilds.read(Path.of("..", "examples", file));
      build.getMetadata().setNamespace("team");
      return build;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
