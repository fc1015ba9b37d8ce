package dev.goimage.buildkit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void roundTrips() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\u0001é");
    m.put("n", 42L);
    m.put("d", 1.5);
    m.put("b", true);
    m.put("z", null);
    m.put("l", List.of(1L, "x"));
    m.put("o", Map.of("k", "v"));
    String json = Json.write(m);
    assertThat(json)
        .isEqualTo(
            "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":42,\"d\":1.5,\"b\":true,\"z\":null,"
                + "\"l\":[1,\"x\"],\"o\":{\"k\":\"v\"}}");
    assertThat(Json.parse(json)).isEqualTo(m);
  }

  @Test
  void parsesWhitespaceEscapesAndRejectsGarbage() {
    assertThat(Json.parse(" { \"a\" : [ ] , \"u\":\"\\u0041\" } "))
        .isEqualTo(Map.of("a", List.of(), "u", "A"));
    assertThatThrownBy(() -> Json.parse("{\"a\":1} x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class);
  }
}
