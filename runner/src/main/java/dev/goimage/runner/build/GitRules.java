package dev.goimage.runner.build;

import dev.goimage.api.v1alpha1.EnvVar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Git settings of the go commands as environment ({@code GIT_CONFIG_COUNT/KEY_n/VALUE_n}, no file
 * written): an {@code insteadOf} rule per private host, so that the go command's {@code
 * https://host/...} fetches of GOPRIVATE modules go over SSH with the forwarded agent.
 *
 * <p>Entries the spec already gives in {@code spec.go.env} come first: for two rules with the same
 * prefix git takes the first, so a spec can point a host elsewhere (e.g. a mirror or a port).
 */
public final class GitRules {
  private GitRules() {}

  /** The hosts of GOPRIVATE patterns: {@code github.com/acme/*} gives {@code github.com}. */
  static Set<String> privateHosts(List<String> patterns) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String p : patterns) {
      String host = p.strip();
      int slash = host.indexOf('/');
      if (slash >= 0) {
        host = host.substring(0, slash);
      }
      // A pattern whose first element has wildcards cannot name a host; a host needs a dot.
      if (!host.isEmpty() && host.contains(".") && !host.matches(".*[*?\\[\\]].*")) {
        hosts.add(host);
      }
    }
    return hosts;
  }

  /**
   * The environment with the spec's GIT_CONFIG_* entries merged with ours into one numbered list;
   * all other variables are returned unchanged, in order.
   */
  public static Map<String, String> merge(List<EnvVar> env, List<String> privatePatterns) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> given = new LinkedHashMap<>();
    for (EnvVar e : env) {
      String value = e.value == null ? "" : e.value;
      if (e.name.startsWith("GIT_CONFIG_")) {
        given.put(e.name, value);
      } else {
        out.put(e.name, value);
      }
    }
    List<String[]> entries = new ArrayList<>();
    int givenCount = parseCount(given.get("GIT_CONFIG_COUNT"));
    for (int i = 0; i < givenCount; i++) {
      String key = given.get("GIT_CONFIG_KEY_" + i);
      if (key != null) {
        entries.add(new String[] {key, given.getOrDefault("GIT_CONFIG_VALUE_" + i, "")});
      }
    }
    for (String host : privateHosts(privatePatterns)) {
      entries.add(new String[] {"url.ssh://git@" + host + "/.insteadOf", "https://" + host + "/"});
    }
    if (!entries.isEmpty()) {
      out.put("GIT_CONFIG_COUNT", Integer.toString(entries.size()));
      for (int i = 0; i < entries.size(); i++) {
        out.put("GIT_CONFIG_KEY_" + i, entries.get(i)[0]);
        out.put("GIT_CONFIG_VALUE_" + i, entries.get(i)[1]);
      }
    }
    return out;
  }

  private static int parseCount(String count) {
    if (count == null) {
      return 0;
    }
    try {
      return Integer.parseInt(count.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
