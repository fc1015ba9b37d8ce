package dev.goimage.operator;

import dev.goimage.api.v1alpha1.GoImageBuild;
import dev.goimage.api.v1alpha1.GoImageBuilds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** GoImageBuilds from the repository's examples, as a unit test's input. */
public final class TestBuilds {
  private TestBuilds() {}

  public static GoImageBuild example(String file) {
    try {
      var build = GoImageBuilds.read(Path.of("..", "examples", file));
      build.getMetadata().setNamespace("team");
      build.getMetadata().setGeneration(3L);
      build.getMetadata().setUid("0b9f3c8e-1111-2222-3333-444455556666");
      return build;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
