package dev.goimage.runner.progress;

import dev.goimage.buildkit.progress.BuildProgress;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.progress.VertexProgress;
import dev.goimage.runner.build.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seconds per step: for each solve, the wall time from the first start to the last end of the
 * step's vertexes (parallel vertexes overlap), summed over solves.
 *
 * <p>It listens while a solve runs because the daemon reports some vertexes (the exporter) several
 * times with a later start each time; the first start seen is the real one.
 */
public final class StepTimings implements ProgressListener {
  private final Map<Step, Duration> totals = new EnumMap<>(Step.class);
  private final Map<String, Instant> firstStart = new HashMap<>();

  @Override
  public synchronized void onVertexStarted(VertexProgress v) {
    if (v.started() != null) {
      firstStart.merge(v.digest(), v.started(), (a, b) -> a.isBefore(b) ? a : b);
    }
  }

  /** Adds a finished solve. */
  public synchronized void add(BuildProgress progress) {
    Map<Step, Instant[]> spans = new EnumMap<>(Step.class);
    for (VertexProgress v : progress.vertexes()) {
      var step = Step.ofVertex(v.name());
      if (step.isEmpty() || v.started() == null || v.completed() == null) {
        continue;
      }
      Instant start = firstStart.getOrDefault(v.digest(), v.started());
      if (v.started().isBefore(start)) {
        start = v.started();
      }
      Instant end = v.completed();
      Instant[] span = spans.computeIfAbsent(step.get(), s -> new Instant[] {null, null});
      span[0] = span[0] == null || start.isBefore(span[0]) ? start : span[0];
      span[1] = span[1] == null || end.isAfter(span[1]) ? end : span[1];
    }
    spans.forEach(
        (step, span) -> totals.merge(step, Duration.between(span[0], span[1]), Duration::plus));
    firstStart.clear();
  }

  /**
   * Adds the step a failed solve ended in (its progress is not returned, only the vertex that
   * failed or was still running): the time went somewhere, and the status should say where.
   */
  public synchronized void addUnfinished(VertexProgress v, Instant end) {
    var step = Step.ofVertex(v.name());
    if (step.isEmpty() || v.started() == null) {
      return;
    }
    var until = v.completed() != null ? v.completed() : end;
    totals.merge(step.get(), Duration.between(v.started(), until), Duration::plus);
  }

  /** {@code source, modules, compile, image, push} in seconds (ms precision); missing steps: 0. */
  public synchronized Map<String, Double> seconds() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Step s : Step.values()) {
      out.put(s.key(), totals.getOrDefault(s, Duration.ZERO).toMillis() / 1000.0);
    }
    return out;
  }
}
