package dev.goimage.runner;

import dev.goimage.buildkit.BuildKitAddress;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** TLS options for a tcp:// buildkitd address (as buildctl names them). */
final class BuildKitOptions {
  @Option(names = "--tlscacert", description = "CA certificate of buildkitd (tcp:// only).")
  Path caCert;

  @Option(names = "--tlscert", description = "Client certificate (tcp:// only).")
  Path cert;

  @Option(names = "--tlskey", description = "Client key, PKCS#8 PEM (tcp:// only).")
  Path key;

  BuildKitAddress address(String addr) {
    BuildKitAddress.Tls tls = null;
    if (caCert != null || cert != null || key != null) {
      if (caCert == null || cert == null || key == null) {
        throw new Main.UsageException("--tlscacert, --tlscert and --tlskey go together");
      }
      tls = new BuildKitAddress.Tls(caCert, cert, key, null);
    }
    try {
      return BuildKitAddress.parse(addr, tls);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--buildkit: " + e.getMessage());
    }
  }
}
