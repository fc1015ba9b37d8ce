package dev.goimage.buildkit;

import dev.goimage.buildkit.progress.VertexProgress;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;

/**
 * A solve failed. {@link #getMessage()} is readable as is: the daemon's error, the failing step's
 * name and its last log lines.
 */
public final class SolveFailedException extends BuildKitException {
  private final Status.Code code;
  private final String daemonMessage;
  private final VertexProgress failedVertex;
  private final List<String> lastLogLines;
  private final List<String> details;

  SolveFailedException(
      String message,
      Throwable cause,
      Status.Code code,
      String daemonMessage,
      VertexProgress failedVertex,
      List<String> lastLogLines,
      List<String> details) {
    super(message, cause);
    this.code = code;
    this.daemonMessage = daemonMessage;
    this.failedVertex = failedVertex;
    this.lastLogLines = List.copyOf(lastLogLines);
    this.details = List.copyOf(details);
  }

  public Status.Code code() {
    return code;
  }

  /**
   * The gRPC status message from the daemon, e.g. {@code process "/bin/sh -c false" did not
   * complete successfully: exit code: 1}.
   */
  public String daemonMessage() {
    return daemonMessage;
  }

  public Optional<VertexProgress> failedVertex() {
    return Optional.ofNullable(failedVertex);
  }

  public List<String> lastLogLines() {
    return lastLogLines;
  }

  /** Readable summaries of the error details (vertex, source location, op). */
  public List<String> details() {
    return details;
  }
}
