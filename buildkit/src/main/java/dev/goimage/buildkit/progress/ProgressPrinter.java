package dev.goimage.buildkit.progress;

import java.io.PrintStream;
import java.util.Locale;

/** Prints one line per finished step ({@code #3 DONE 1.2s go build}) and, optionally, logs. */
public final class ProgressPrinter implements ProgressListener {
  private final PrintStream out;
  private final boolean showLogs;

  public ProgressPrinter(PrintStream out, boolean showLogs) {
    this.out = out;
    this.showLogs = showLogs;
  }

  @Override
  public void onVertexCompleted(VertexProgress v) {
    out.println(formatLine(v));
  }

  @Override
  public void onLog(VertexProgress v, int stream, String line) {
    if (showLogs) {
      out.println("#" + v.number() + " | " + line);
    }
  }

  /** {@code #N STATE SECONDSs NAME}, plus the error for a failed step. */
  public static String formatLine(VertexProgress v) {
    String line =
        String.format(
            Locale.ROOT,
            "#%d %-6s %6.1fs %s",
            v.number(),
            v.state(),
            v.duration().toMillis() / 1000.0,
            v.name());
    return v.error().isEmpty() ? line : line + ": " + v.error();
  }
}
