package dev.goimage.runner.progress;

/** How progress is printed: readable lines or one JSON object per line. */
public enum ProgressFormat {
  PLAIN,
  JSON;

  public static ProgressFormat parse(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "plain" -> PLAIN;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("--progress must be plain or json, not " + s);
    };
  }
}
