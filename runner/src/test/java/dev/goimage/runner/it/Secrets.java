package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Secret values a test used, and checks that none of them shows up where it must not. */
final class Secrets {
  private final List<String> values = new ArrayList<>();

  /** The whole file, and each line of 16+ characters (e.g. the base64 body of a private key). */
  Secrets file(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.strip().length() >= 16 && !line.startsWith("-----")) {
        values.add(line.strip());
      }
    }
    return this;
  }

  Secrets value(String secret) {
    values.add(secret);
    return this;
  }

  void assertAbsent(String where, String text) {
    assertThat(values).as("secret list").isNotEmpty();
    for (String v : values) {
      assertThat(text).as("%s must not contain a secret", where).doesNotContain(v);
    }
  }

  void assertAbsent(String where, byte[] data) {
    assertAbsent(where, new String(data, StandardCharsets.ISO_8859_1));
  }
}
