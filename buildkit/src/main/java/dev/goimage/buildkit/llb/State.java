package dev.goimage.buildkit.llb;

/**
 * One output of an LLB vertex: what an exec mounts, a copy reads or a definition ends with. The
 * scratch state (an empty filesystem) has no vertex.
 */
public final class State {
  private static final State SCRATCH = new State(null, null);

  private final Vertex vertex;
  private final String outputKey;

  State(Vertex vertex, String outputKey) {
    this.vertex = vertex;
    this.outputKey = outputKey;
  }

  /** The empty filesystem. */
  public static State scratch() {
    return SCRATCH;
  }

  public boolean isScratch() {
    return vertex == null;
  }

  Vertex vertex() {
    return vertex;
  }

  /** The output index within the vertex; resolved late because exec outputs follow mount order. */
  int outputIndex() {
    return vertex.outputIndex(outputKey);
  }

  @Override
  public String toString() {
    return isScratch() ? "scratch" : vertex + "[" + outputKey + "]";
  }
}
