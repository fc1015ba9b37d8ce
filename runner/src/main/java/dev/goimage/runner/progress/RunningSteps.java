package dev.goimage.runner.progress;

import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.progress.VertexProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps BuildKit has started and not finished: when the deadline cancels a build, they are
 * where the time went (a module download that hangs, a link that swaps).
 */
public final class RunningSteps implements ProgressListener {
  private final Map<String, VertexProgress> running = new LinkedHashMap<>();

  @Override
  public synchronized void onVertexStarted(VertexProgress v) {
    running.put(v.digest(), v);
  }

  @Override
  public synchronized void onVertexCompleted(VertexProgress v) {
    running.remove(v.digest());
  }

  /** Oldest first. */
  public synchronized List<VertexProgress> now() {
    return new ArrayList<>(running.values());
  }
}
