package dev.goimage.runner.progress;

import dev.goimage.api.plan.Json;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.progress.ProgressPrinter;
import dev.goimage.buildkit.progress.VertexProgress;
import dev.goimage.runner.build.Step;
import dev.goimage.runner.failure.Redactor;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints one line per finished BuildKit step ({@code #7 DONE 12.3s [compile] go build ...}) or, in
 * JSON mode, one object per line. Step logs are not printed (they may be long); failures show the
 * failing step's last lines separately. Everything goes through the redactor.
 */
public final class StepPrinter implements ProgressListener {
  private final PrintStream out;
  private final ProgressFormat format;
  private final Redactor redactor;
  private final boolean showLogs;

  public StepPrinter(PrintStream out, ProgressFormat format, Redactor redactor, boolean showLogs) {
    this.out = out;
    this.format = format;
    this.redactor = redactor;
    this.showLogs = showLogs;
  }

  @Override
  public void onVertexCompleted(VertexProgress v) {
    if (format == ProgressFormat.PLAIN) {
      println(redactor.redact(ProgressPrinter.formatLine(v)));
      return;
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", "step");
    event.put("number", v.number());
    event.put("name", redactor.redact(v.name()));
    Step.ofVertex(v.name()).ifPresent(s -> event.put("step", s.key()));
    event.put("state", v.state().name().toLowerCase(Locale.ROOT));
    event.put("seconds", v.duration().toMillis() / 1000.0);
    if (!v.error().isEmpty()) {
      event.put("error", redactor.redact(v.error()));
    }
    println(Json.writeCompact(event));
  }

  @Override
  public void onLog(VertexProgress v, int stream, String line) {
    if (!showLogs) {
      return;
    }
    if (format == ProgressFormat.PLAIN) {
      println("#" + v.number() + " | " + redactor.redact(line));
    } else {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("event", "log");
      event.put("number", v.number());
      event.put("line", redactor.redact(line));
      println(Json.writeCompact(event));
    }
  }

  /** A message of the runner itself (not a BuildKit step). */
  public void message(String text) {
    if (format == ProgressFormat.PLAIN) {
      println(redactor.redact(text));
    } else {
      println(Json.writeCompact(Map.of("event", "message", "text", redactor.redact(text))));
    }
  }

  private synchronized void println(String s) {
    out.println(s);
    out.flush();
  }
}
