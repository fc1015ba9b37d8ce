package dev.goimage.runner.build;

import java.util.List;

/** Reads the modules step's {@code goimage:modules-downloaded=N} line. */
public final class ModuleCount {
  static final String KEY = "goimage:modules-downloaded=";

  private ModuleCount() {}

  /** The count from the step's log, or 0 when the step did not run (cached: nothing downloaded). */
  public static int parse(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (line.startsWith(KEY)) {
        try {
          return Math.max(0, Integer.parseInt(line.substring(KEY.length()).strip()));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
