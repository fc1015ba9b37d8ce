package dev.goimage.runner.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One hack/gitserver.sh instance: address, its client key and its known_hosts line. */
final class GitServer {
  final Path dir;
  final String addr;
  final int port;
  final Path key;
  final String knownHostsLine;

  private GitServer(Path dir, String addr, Path key, String knownHostsLine) {
    this.dir = dir;
    this.addr = addr;
    this.port = Integer.parseInt(addr.substring(addr.indexOf(':') + 1));
    this.key = key;
    this.knownHostsLine = knownHostsLine;
  }

  static GitServer start(Path dir) {
    String addr =
        Cmd.script("hack/gitserver.sh", "start", "--port", "0", "--dir", dir.toString()).lastLine();
    String port = addr.substring(addr.indexOf(':') + 1);
    Path key =
        Path.of(
            Cmd.script("hack/gitserver.sh", "keygen", "--port", port, "--dir", dir.toString())
                .lastLine());
    String known =
        Cmd.script("hack/gitserver.sh", "known-hosts", "--port", port, "--dir", dir.toString())
            .lastLine();
    return new GitServer(dir, addr, key, known);
  }

  /** Authorizes (creating it if needed) another client key file on this server. */
  Path authorize(Path keyFile) {
    return Path.of(
        Cmd.script(
                "hack/gitserver.sh",
                "keygen",
                "--port",
                Integer.toString(port),
                "--dir",
                dir.toString(),
                keyFile.toString())
            .lastLine());
  }

  /** Publishes a directory of the repository as NAME; returns {url, commit}. */
  String[] publish(String src, String name, String tag) {
    var args =
        new java.util.ArrayList<>(java.util.List.of("hack/gitserver.sh", "publish", src, name));
    if (tag != null) {
      args.add("--tag");
      args.add(tag);
    }
    args.addAll(java.util.List.of("--port", Integer.toString(port), "--dir", dir.toString()));
    String[] lines = Cmd.script(args.toArray(String[]::new)).output().strip().split("\n");
    return new String[] {lines[lines.length - 2].strip(), lines[lines.length - 1].strip()};
  }

  Path writeKnownHosts(Path file, String... extraLines) throws IOException {
    StringBuilder sb = new StringBuilder(knownHostsLine).append('\n');
    for (String l : extraLines) {
      sb.append(l).append('\n');
    }
    Files.writeString(file, sb.toString());
    return file;
  }

  void stop() {
    Cmd.quietly(
        "hack/gitserver.sh", "stop", "--port", Integer.toString(port), "--dir", dir.toString());
  }
}
