package dev.goimage.buildkit.llb;

import dev.goimage.buildkit.proto.pb.Input;
import dev.goimage.buildkit.proto.pb.Op;
import java.util.List;
import java.util.function.Function;

/** A node of the LLB graph; subclasses turn themselves into a {@code pb.Op}. */
public abstract class Vertex {
  private String customName;

  /** The states this vertex reads, in {@code Op.inputs} order, without scratch or repeats. */
  abstract List<State> inputs();

  /** Builds the op; {@code input} turns a state into its {@code pb.Input} (digest + index). */
  abstract Op toOp(Platform platform, Function<State, Input> input);

  /** Index of the named output; the default vertex has the single output "0". */
  int outputIndex(String key) {
    return 0;
  }

  /** The vertex name shown in progress output ({@code llb.customname}). */
  public String customName() {
    return customName;
  }

  void setCustomName(String name) {
    this.customName = name;
  }

  static Op.Builder baseOp(Platform platform, boolean platformSpecific) {
    Op.Builder op =
        Op.newBuilder()
            .setConstraints(dev.goimage.buildkit.proto.pb.WorkerConstraints.getDefaultInstance());
    if (platformSpecific) {
      op.setPlatform(platform.toProto());
    }
    return op;
  }
}
