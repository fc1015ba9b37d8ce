package dev.goimage.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DockerConfigTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private final DockerConfig config =
      DockerConfig.parse(
          "{\"auths\":{"
              + "\"127.0.0.1:5000\":{\"auth\":\""
              + b64("alice:s3cr:et")
              + "\"},"
              + "\"https://index.docker.io/v1/\":{\"username\":\"hubuser\",\"password\":\"hubpw\"},"
              + "\"https://registry.example:8443/v2/\":{\"auth\":\""
              + b64("bob:pw")
              + "\"},"
              + "\"token.example\":{\"identitytoken\":\"tok\"},"
              + "\"empty.example\":{}"
              + "},\"credsStore\":\"desktop\"}");

  @Test
  void decodesBase64AuthSplittingAtTheFirstColon() {
    assertThat(config.lookup("127.0.0.1:5000"))
        .hasValue(new DockerConfig.Credentials("alice", "s3cr:et"));
  }

  @Test
  void mapsDockerHubHostsToTheIndexKey() {
    DockerConfig.Credentials hub = new DockerConfig.Credentials("hubuser", "hubpw");
    assertThat(config.lookup("registry-1.docker.io")).hasValue(hub);
    assertThat(config.lookup("docker.io")).hasValue(hub);
  }

  @Test
  void matchesKeysWrittenWithSchemeAndPath() {
    assertThat(config.lookup("registry.example:8443"))
        .hasValue(new DockerConfig.Credentials("bob", "pw"));
  }

  @Test
  void identityTokenHasAnEmptyUserName() {
    assertThat(config.lookup("token.example")).hasValue(new DockerConfig.Credentials("", "tok"));
  }

  @Test
  void unknownOrEmptyEntriesGiveNothing() {
    assertThat(config.lookup("other:5000")).isEmpty();
    assertThat(config.lookup("empty.example")).isEmpty();
    assertThat(config.lookup("127.0.0.1:5001")).isEmpty();
  }

  @Test
  void credentialsNeverPrintTheSecret() {
    assertThat(config.lookup("127.0.0.1:5000").orElseThrow().toString()).doesNotContain("s3cr");
  }
}
