package dev.goimage.buildkit.progress;

import com.google.protobuf.Timestamp;
import dev.goimage.buildkit.proto.moby.buildkit.v1.StatusResponse;
import dev.goimage.buildkit.proto.moby.buildkit.v1.Vertex;
import dev.goimage.buildkit.proto.moby.buildkit.v1.VertexLog;
import dev.goimage.buildkit.proto.moby.buildkit.v1.VertexWarning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of a build, folded from the Status stream: which steps exist, which ran, were cached or
 * failed, and the tail of each step's log.
 */
public final class BuildProgress {
  public static final int DEFAULT_MAX_LINES = 50;

  private final Map<String, VertexProgress> vertexes = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final ProgressListener listener;
  private final int maxLines;

  public BuildProgress(ProgressListener listener) {
    this(listener, DEFAULT_MAX_LINES);
  }

  public BuildProgress(ProgressListener listener, int maxLinesPerVertex) {
    this.listener = listener == null ? ProgressListener.NONE : listener;
    this.maxLines = maxLinesPerVertex;
  }

  /** Folds one Status message in and notifies the listener. */
  public void apply(StatusResponse status) {
    for (Vertex v : status.getVertexesList()) {
      VertexProgress p = vertex(v.getDigest());
      VertexProgress.State before = p.state();
      p.update(
          v.getName(),
          v.hasStarted() ? toInstant(v.getStarted()) : null,
          v.hasCompleted() ? toInstant(v.getCompleted()) : null,
          v.getCached(),
          v.getError());
      VertexProgress.State after = p.state();
      if (before == VertexProgress.State.PENDING && after != VertexProgress.State.PENDING) {
        listener.onVertexStarted(p);
      }
      if (isFinal(after) && !isFinal(before)) {
        listener.onVertexCompleted(p);
      }
    }
    for (VertexLog log : status.getLogsList()) {
      VertexProgress p = vertex(log.getVertex());
      for (String line : p.appendLog(log.getMsg().toByteArray())) {
        listener.onLog(p, (int) log.getStream(), line);
      }
    }
    for (VertexWarning w : status.getWarningsList()) {
      VertexProgress p = vertex(w.getVertex());
      String message = w.getShort().toStringUtf8();
      synchronized (this) {
        warnings.add(message);
      }
      listener.onWarning(p, message);
    }
  }

  private static boolean isFinal(VertexProgress.State s) {
    return s == VertexProgress.State.DONE
        || s == VertexProgress.State.CACHED
        || s == VertexProgress.State.ERROR;
  }

  private synchronized VertexProgress vertex(String digest) {
    return vertexes.computeIfAbsent(
        digest, d -> new VertexProgress(d, vertexes.size() + 1, maxLines));
  }

  /** All steps in the order first reported. */
  public synchronized List<VertexProgress> vertexes() {
    return List.copyOf(vertexes.values());
  }

  public synchronized Optional<VertexProgress> find(String digest) {
    return Optional.ofNullable(vertexes.get(digest));
  }

  /** The first step that reported an error, if any. */
  public synchronized Optional<VertexProgress> failedVertex() {
    return vertexes.values().stream()
        .filter(v -> v.state() == VertexProgress.State.ERROR)
        .findFirst();
  }

  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  private static Instant toInstant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
