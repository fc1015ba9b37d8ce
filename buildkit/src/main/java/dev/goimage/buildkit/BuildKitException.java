package dev.goimage.buildkit;

/** A call to buildkitd failed (connection, protocol or daemon error). */
public class BuildKitException extends RuntimeException {
  public BuildKitException(String message, Throwable cause) {
    super(message, cause);
  }
}
