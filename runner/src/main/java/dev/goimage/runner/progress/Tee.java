package dev.goimage.runner.progress;

import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.progress.VertexProgress;
import java.util.List;

/** Sends progress to several listeners. */
public final class Tee implements ProgressListener {
  private final List<ProgressListener> listeners;

  public Tee(ProgressListener... listeners) {
    this.listeners = List.of(listeners);
  }

  @Override
  public void onVertexStarted(VertexProgress v) {
    listeners.forEach(l -> l.onVertexStarted(v));
  }

  @Override
  public void onVertexCompleted(VertexProgress v) {
    listeners.forEach(l -> l.onVertexCompleted(v));
  }

  @Override
  public void onLog(VertexProgress v, int stream, String line) {
    listeners.forEach(l -> l.onLog(v, stream, line));
  }

  @Override
  public void onWarning(VertexProgress v, String message) {
    listeners.forEach(l -> l.onWarning(v, message));
  }
}
