package dev.goimage.buildkit.llb;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.goimage.buildkit.proto.pb.Definition;
import dev.goimage.buildkit.proto.pb.Input;
import dev.goimage.buildkit.proto.pb.Op;
import dev.goimage.buildkit.proto.pb.OpMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A marshalled LLB graph: each op serialised deterministically (map keys sorted), digested with
 * sha256 over exactly the bytes sent, listed inputs first and closed by a terminal op that points
 * at the result.
 */
public final class LlbDefinition {
  private final Definition definition;
  private final List<String> digests;
  private final Map<Vertex, String> vertexDigests;

  private LlbDefinition(
      Definition definition, List<String> digests, Map<Vertex, String> vertexDigests) {
    this.definition = definition;
    this.digests = digests;
    this.vertexDigests = vertexDigests;
  }

  /** Marshals the graph that ends in {@code result} for {@code platform}. */
  public static LlbDefinition of(State result, Platform platform) {
    if (result.isScratch()) {
      throw new IllegalArgumentException("cannot solve scratch: the result needs at least one op");
    }
    Marshaller m = new Marshaller(platform);
    m.visit(result.vertex());
    Op terminal =
        Op.newBuilder()
            .addInputs(
                Input.newBuilder()
                    .setDigest(m.digests.get(result.vertex()))
                    .setIndex(result.outputIndex()))
            .build();
    m.add(terminal, OpMetadata.getDefaultInstance());
    Definition def = Definition.newBuilder().addAllDef(m.defs).putAllMetadata(m.metadata).build();
    return new LlbDefinition(def, List.copyOf(m.order), m.digests);
  }

  public Definition toProto() {
    return definition;
  }

  /** Digests of the ops in {@code def} order; the last one is the terminal op. */
  public List<String> digests() {
    return digests;
  }

  /** The digest of one vertex of this graph. */
  public String digestOf(Vertex v) {
    return vertexDigests.get(v);
  }

  /** The digest of the op that produces {@code state}. */
  public String digestOf(State state) {
    return vertexDigests.get(state.vertex());
  }

  /** Serialises a message with sorted map keys, as Go's {@code Deterministic: true}. */
  public static byte[] deterministicBytes(com.google.protobuf.MessageLite message) {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(message.getSerializedSize());
      CodedOutputStream out = CodedOutputStream.newInstance(buf);
      out.useDeterministicSerialization();
      message.writeTo(out);
      out.flush();
      return buf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sha256Digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Marshaller {
    final Platform platform;
    final Map<Vertex, String> digests = new IdentityHashMap<>();
    final List<ByteString> defs = new ArrayList<>();
    final List<String> order = new ArrayList<>();
    final Map<String, OpMetadata> metadata = new LinkedHashMap<>();

    Marshaller(Platform platform) {
      this.platform = platform;
    }

    void visit(Vertex v) {
      if (digests.containsKey(v)) {
        return;
      }
      for (State in : v.inputs()) {
        visit(in.vertex());
      }
      Op op =
          v.toOp(
              platform,
              s ->
                  Input.newBuilder()
                      .setDigest(digests.get(s.vertex()))
                      .setIndex(s.outputIndex())
                      .build());
      OpMetadata.Builder md = OpMetadata.newBuilder();
      if (v.customName() != null) {
        md.putDescription("llb.customname", v.customName());
      }
      digests.put(v, add(op, md.build()));
    }

    String add(Op op, OpMetadata md) {
      byte[] bytes = deterministicBytes(op);
      String digest = sha256Digest(bytes);
      if (!metadata.containsKey(digest)) {
        defs.add(ByteString.copyFrom(bytes));
        order.add(digest);
        metadata.put(digest, md);
      }
      return digest;
    }
  }
}
