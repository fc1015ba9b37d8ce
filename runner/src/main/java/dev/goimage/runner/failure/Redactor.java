package dev.goimage.runner.failure;

import dev.goimage.api.plan.BuildPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes secret values from text we print or report. Build steps should never print them, but a
 * misbehaving tool might: every token (8+ characters) of the netrc, build secrets and the SSH key
 * is replaced by {@code ***} wherever it appears.
 */
public final class Redactor {
  private static final int MIN_LENGTH = 8;
  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  public static Redactor forPlan(BuildPlan plan) {
    Set<String> values = new LinkedHashSet<>();
    addNetrcPasswords(values, plan.secrets.netrcFile);
    addTokens(values, plan.secrets.sshKeyFile);
    for (BuildPlan.FileSecret s : plan.secrets.build) {
      addTokens(values, s.file);
    }
    List<String> sorted = new ArrayList<>(values);
    sorted.sort((a, b) -> b.length() - a.length());
    return new Redactor(sorted);
  }

  /** Of a netrc, only the values after {@code password} (host and login names stay readable). */
  private static void addNetrcPasswords(Set<String> values, String file) {
    if (file == null) {
      return;
    }
    try {
      String[] tokens = Files.readString(Path.of(file), StandardCharsets.UTF_8).split("\\s+");
      for (int i = 0; i + 1 < tokens.length; i++) {
        if (tokens[i].equals("password") && !tokens[i + 1].isEmpty()) {
          values.add(tokens[i + 1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable here means unreadable for the build too; the build reports it.
    }
  }

  private static void addTokens(Set<String> values, String file) {
    if (file == null) {
      return;
    }
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (text.length() >= MIN_LENGTH) {
        values.add(text);
      }
      for (String token : text.split("\\s+")) {
        if (token.length() >= MIN_LENGTH && !token.startsWith("-----")) {
          values.add(token);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable here means unreadable for the build too; the build reports it.
    }
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "***");
    }
    return out;
  }

  public List<String> redact(List<String> lines) {
    return lines.stream().map(this::redact).toList();
  }
}
