package dev.goimage.runner.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins the plan's linker flags (one item per flag) into the single -ldflags value the go command
 * splits again: values with spaces are quoted, {@code -X name=value} is split so the linker sees
 * {@code -X} and its argument.
 */
final class Ldflags {
  private Ldflags() {}

  static String join(List<String> flags) {
    List<String> parts = new ArrayList<>();
    for (String flag : flags) {
      String f = flag.strip();
      if (f.startsWith("-X ")) {
        parts.add("-X");
        parts.add(quote(f.substring(3).strip()));
      } else {
        parts.add(quote(f));
      }
    }
    return String.join(" ", parts);
  }

  private static String quote(String s) {
    if (!s.matches(".*[\\s'\"].*")) {
      return s;
    }
    return s.contains("'") ? "\"" + s.replace("\"", "") + "\"" : "'" + s + "'";
  }
}
