package dev.goimage.buildkit.llb;

import dev.goimage.buildkit.proto.pb.Input;
import dev.goimage.buildkit.proto.pb.Op;
import dev.goimage.buildkit.proto.pb.SourceOp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** A source op: an image, a git checkout, ... identified by a URL-like identifier. */
public final class SourceVertex extends Vertex {
  private final String identifier;
  private final Map<String, String> attrs;

  SourceVertex(String identifier, Map<String, String> attrs) {
    this.identifier = identifier;
    this.attrs = new TreeMap<>(attrs);
  }

  public String identifier() {
    return identifier;
  }

  public Map<String, String> attrs() {
    return Map.copyOf(attrs);
  }

  @Override
  List<State> inputs() {
    return List.of();
  }

  @Override
  Op toOp(Platform platform, Function<State, Input> input) {
    // Go gives a platform only to sources whose content depends on it (images, OCI layouts).
    boolean platformSpecific =
        identifier.startsWith("docker-image://") || identifier.startsWith("oci-layout://");
    return baseOp(platform, platformSpecific)
        .setSource(SourceOp.newBuilder().setIdentifier(identifier).putAllAttrs(attrs))
        .build();
  }

  @Override
  public String toString() {
    return identifier;
  }
}
