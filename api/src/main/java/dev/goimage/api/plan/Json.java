package dev.goimage.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goimage.api.v1alpha1.Diagnostic;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/** JSON for plans and results: stable key order, unknown keys ignored (newer writers). */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String writeCompact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The result as a termination message of at most {@link BuildResult#MAX_BYTES}: evidence is
   * shortened first, then the least important diagnostics are dropped, so the digest and the first
   * error always survive.
   */
  public static String terminationMessage(BuildResult result) {
    var copy = read(writeCompact(result), BuildResult.class);
    var json = writeCompact(copy);
    for (int keep = Diagnostic.MAX_EVIDENCE_LINES; !fits(json) && keep >= 0; keep--) {
      for (Diagnostic d : copy.diagnostics) {
        d.evidence = shorten(d.evidence, keep);
      }
      json = writeCompact(copy);
    }
    while (!fits(json) && copy.diagnostics.size() > 1) {
      copy.diagnostics.remove(copy.diagnostics.size() - 1);
      json = writeCompact(copy);
    }
    if (!fits(json)) {
      var d = copy.diagnostics.get(0);
      d.hint = truncate(d.hint, 512);
      d.message = truncate(d.message, 512);
      json = writeCompact(copy);
    }
    return json;
  }

  private static java.util.List<String> shorten(java.util.List<String> lines, int keep) {
    var out = new ArrayList<String>();
    int from = Math.max(0, lines.size() - keep);
    for (String line : lines.subList(from, lines.size())) {
      out.add(truncate(line, keep >= 3 ? 300 : 160));
    }
    return out;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static boolean fits(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length <= BuildResult.MAX_BYTES;
  }
}
