package dev.goimage.buildkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goimage.buildkit.BuildKitAddress;
import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.BuildKitException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A second buildkitd on TCP with mutual TLS (certificates made with openssl for the test). */
class TlsIT {
  private static Path dir;
  private static Path root;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    Tools.run(Map.of(), "hack/install-buildkit.sh"); // buildkitd, and openssl for the certificates
    dir = Files.createTempDirectory("goimage-bk-tls-");
    Path tls = dir.resolve("tls");
    Files.createDirectories(tls);
    String t = tls.toString();
    sh(
        "cd '"
            + t
            + "' && "
            + "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1"
            + " -subj /CN=goimage-it-ca && "
            + "openssl req -newkey rsa:2048 -nodes -keyout key.pem -out server.csr -subj /CN=buildkitd && "
            + "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth\\n' > server.ext && "
            + "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial"
            + " -out cert.pem -days 1 -extfile server.ext && "
            + "openssl req -newkey rsa:2048 -nodes -keyout client-key.pem -out client.csr -subj /CN=runner && "
            + "printf 'extendedKeyUsage=clientAuth\\n' > client.ext && "
            + "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial"
            + " -out client-cert.pem -days 1 -extfile client.ext");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    root = dir.resolve("buildkitd");
    Tools.run(
        Map.of(),
        "hack/buildkitd.sh",
        "start",
        "--root",
        root.toString(),
        "--addr",
        "tcp://127.0.0.1:" + port,
        "--tls-dir",
        t);
  }

  @AfterAll
  static void stop() {
    Tools.run(Map.of(), false, "hack/buildkitd.sh", "stop", "--root", root.toString());
    Tools.deleteTree(dir);
  }

  private static void sh(String script) {
    Tools.run(Map.of(), "bash", "-c", script);
  }

  @Test
  void infoOverMutualTls() {
    Path tls = dir.resolve("tls");
    BuildKitAddress.Tls files =
        new BuildKitAddress.Tls(
            tls.resolve("ca.pem"),
            tls.resolve("client-cert.pem"),
            tls.resolve("client-key.pem"),
            null);
    try (BuildKitClient client =
        BuildKitClient.connect(BuildKitAddress.parse("tcp://127.0.0.1:" + port, files))) {
      assertThat(client.info().version()).isEqualTo("v0.32.2");
    }
  }

  @Test
  void aClientCertificateFromAnotherCaIsRejected() {
    Path other = dir.resolve("other");
    sh(
        "mkdir -p '"
            + other
            + "' && cd '"
            + other
            + "' && "
            + "openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1"
            + " -subj /CN=intruder");
    Path tls = dir.resolve("tls");
    BuildKitAddress.Tls files =
        new BuildKitAddress.Tls(
            tls.resolve("ca.pem"), other.resolve("cert.pem"), other.resolve("key.pem"), null);
    try (BuildKitClient client =
        BuildKitClient.connect(BuildKitAddress.tcp("127.0.0.1", port, files))) {
      assertThatThrownBy(client::info)
          .isInstanceOf(BuildKitException.class)
          .hasMessageContaining("UNAVAILABLE");
    }
  }
}
