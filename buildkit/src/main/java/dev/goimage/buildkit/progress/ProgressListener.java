package dev.goimage.buildkit.progress;

/** Callbacks from {@link BuildProgress}; called on a gRPC thread, keep them quick. */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  default void onVertexStarted(VertexProgress vertex) {}

  /** Called once when the step is done, cached or failed. */
  default void onVertexCompleted(VertexProgress vertex) {}

  /** One complete log line; stream 1 = stdout, 2 = stderr. */
  default void onLog(VertexProgress vertex, int stream, String line) {}

  default void onWarning(VertexProgress vertex, String message) {}
}
