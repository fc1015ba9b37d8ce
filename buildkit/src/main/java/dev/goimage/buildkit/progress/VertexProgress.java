package dev.goimage.buildkit.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** One build step as reported by the Status stream: state, timings and its last log lines. */
public final class VertexProgress {
  /** Where a step is. */
  public enum State {
    PENDING,
    RUNNING,
    DONE,
    CACHED,
    ERROR
  }

  private final String digest;
  private final int number;
  private final int maxLines;
  private String name = "";
  private Instant started;
  private Instant completed;
  private boolean cached;
  private String error = "";
  private final Deque<String> lines = new ArrayDeque<>();
  private final StringBuilder partialLine = new StringBuilder();
  private long logBytes;

  VertexProgress(String digest, int number, int maxLines) {
    this.digest = digest;
    this.number = number;
    this.maxLines = maxLines;
  }

  public String digest() {
    return digest;
  }

  /** 1-based position in the order the daemon first reported the steps (like buildctl's #N). */
  public int number() {
    return number;
  }

  public synchronized String name() {
    return name;
  }

  public synchronized State state() {
    if (!error.isEmpty()) {
      return State.ERROR;
    }
    if (cached) {
      return State.CACHED;
    }
    if (completed != null) {
      return State.DONE;
    }
    return started != null ? State.RUNNING : State.PENDING;
  }

  public synchronized Instant started() {
    return started;
  }

  public synchronized Instant completed() {
    return completed;
  }

  /** Run time; zero until both ends are known. */
  public synchronized Duration duration() {
    return started != null && completed != null
        ? Duration.between(started, completed)
        : Duration.ZERO;
  }

  public synchronized String error() {
    return error;
  }

  /** Total log bytes received for this step. */
  public synchronized long logBytes() {
    return logBytes;
  }

  /** The last log lines kept (at most the configured number), oldest first. */
  public synchronized List<String> lastLines() {
    List<String> out = new ArrayList<>(lines);
    if (partialLine.length() > 0) {
      out.add(partialLine.toString());
      if (out.size() > maxLines) {
        out.remove(0);
      }
    }
    return out;
  }

  synchronized void update(
      String newName, Instant start, Instant end, boolean isCached, String err) {
    if (!newName.isEmpty()) {
      name = newName;
    }
    if (start != null) {
      started = start;
    }
    if (end != null) {
      completed = end;
    }
    cached = cached || isCached;
    if (!err.isEmpty()) {
      error = err;
    }
  }

  /** Appends a chunk; returns the complete lines it finished. */
  synchronized List<String> appendLog(byte[] chunk) {
    logBytes += chunk.length;
    partialLine.append(new String(chunk, java.nio.charset.StandardCharsets.UTF_8));
    List<String> complete = new ArrayList<>();
    int nl;
    while ((nl = partialLine.indexOf("\n")) >= 0) {
      String line = partialLine.substring(0, nl);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      partialLine.delete(0, nl + 1);
      complete.add(line);
      lines.addLast(line);
      if (lines.size() > maxLines) {
        lines.removeFirst();
      }
    }
    return complete;
  }

  @Override
  public synchronized String toString() {
    return "#" + number + " " + name + " " + state();
  }
}
