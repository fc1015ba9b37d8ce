package dev.goimage.buildkit;

import com.google.protobuf.Any;
import dev.goimage.buildkit.json.Json;
import dev.goimage.buildkit.progress.BuildProgress;
import dev.goimage.buildkit.progress.VertexProgress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns a failed Solve into a readable {@link SolveFailedException}. BuildKit attaches gRPC status
 * details whose Any values are JSON (type URLs ending in {@code +json}), not binary protobuf.
 */
final class SolveErrors {
  static final int LOG_LINES = 20;
  private static final String PREFIX = "github.com/moby/buildkit/";

  private SolveErrors() {}

  static SolveFailedException from(StatusRuntimeException e, BuildProgress progress) {
    Status status = e.getStatus();
    String daemonMessage = status.getDescription() == null ? "" : status.getDescription();
    List<String> details = new ArrayList<>();
    String vertexDigest = null;
    com.google.rpc.Status proto = StatusProto.fromThrowable(e);
    if (proto != null) {
      for (Any any : proto.getDetailsList()) {
        String url = any.getTypeUrl();
        String json = any.getValue().toString(StandardCharsets.UTF_8);
        try {
          Map<String, Object> value = Json.parseObject(json);
          if (url.equals(PREFIX + "errdefs.Vertex+json")) {
            vertexDigest = (String) value.get("digest");
            details.add("vertex " + vertexDigest);
          } else if (url.equals(PREFIX + "errdefs.Source+json")) {
            details.add("source " + describeSource(value));
          } else if (url.equals(PREFIX + "errdefs.Solve+json")) {
            details.add("op " + describeSolve(value));
          } else if (url.equals(PREFIX + "errdefs.Frontend+json")) {
            details.add("frontend " + json);
          }
          // stack.Stack+json is the daemon's Go stack: noise for users.
        } catch (IllegalArgumentException | ClassCastException notJson) {
          // an unknown binary detail: ignore
        }
      }
    }
    VertexProgress failed = null;
    if (vertexDigest != null) {
      failed = progress.find(vertexDigest).orElse(null);
    }
    if (failed == null) {
      failed = progress.failedVertex().orElse(null);
    }
    List<String> lines = failed == null ? List.of() : tail(failed.lastLines(), LOG_LINES);
    StringBuilder msg = new StringBuilder("build failed: ").append(daemonMessage);
    if (failed != null && !failed.name().isEmpty()) {
      msg.append("\n  step #").append(failed.number()).append(": ").append(failed.name());
    }
    for (String d : details) {
      if (d.startsWith("source ")) {
        msg.append("\n  at ").append(d.substring("source ".length()));
      }
    }
    if (!lines.isEmpty()) {
      msg.append("\n  last log lines:");
      lines.forEach(l -> msg.append("\n    ").append(l));
    }
    return new SolveFailedException(
        msg.toString(), e, status.getCode(), daemonMessage, failed, lines, details);
  }

  private static List<String> tail(List<String> lines, int n) {
    return lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
  }

  @SuppressWarnings("unchecked")
  private static String describeSource(Map<String, Object> value) {
    Object info = value.get("info");
    String file = "";
    if (info instanceof Map<?, ?> m && m.get("filename") instanceof String f) {
      file = f;
    }
    Object ranges = value.get("ranges");
    if (ranges instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> r) {
      Object start = ((Map<String, Object>) r).get("start");
      if (start instanceof Map<?, ?> s && s.get("line") instanceof Number line) {
        return file + ":" + line.longValue();
      }
    }
    return file;
  }

  private static String describeSolve(Map<String, Object> value) {
    Object op = value.get("op");
    if (op instanceof Map<?, ?> m) {
      Object exec = m.get("Op");
      if (exec == null) {
        exec = m.get("exec");
      }
      return Json.write(exec == null ? m.keySet() : exec);
    }
    return "";
  }

  /** Decodes {@code containerimage.descriptor} (base64 JSON) from an exporter response. */
  static Map<String, Object> descriptor(String base64) {
    return Json.parseObject(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
  }
}
