package dev.goimage.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The example repositories as pods see them: hack/gitserver.sh (real sshd) serves them over SSH,
 * and a plain HTTP server serves the same bare repositories read-only (git's "dumb" HTTP protocol)
 * for public sources. Both listen on 127.0.0.1 and are exposed to pods by cluster.sh.
 */
final class GitFixture {
  private static GitFixture instance;

  final String sshHostPort; // as pods reach it: 10.244.0.1:PORT
  final String httpBase; // http://10.244.0.1:PORT
  final Path clientKey;
  final String knownHostsForPods;
  private final Path dir;
  private final Process http;
  private final Cluster cluster;
  private final String[] common;

  private GitFixture(Cluster cluster) throws IOException {
    dir = cluster.repo.resolve("e2e/target/gitserver");
    Files.createDirectories(dir);
    var started =
        cluster.script("hack/gitserver.sh", "start", "--port", "0", "--dir", dir.toString());
    check(started, "gitserver start");
    var port = Integer.parseInt(started.out().strip().replaceAll(".*:", ""));
    this.cluster = cluster;
    common = new String[] {"--port", Integer.toString(port), "--dir", dir.toString()};
    clientKey =
        Path.of(cluster.script("hack/gitserver.sh", concat("keygen", common)).out().strip());
    publish("examples/hello", "goimage/hello", null);
    publish("examples/fixtures/greeting", "private/greeting", "v1.0.0");
    publish("examples/fixtures/privateapp", "goimage/privateapp", null);
    publish("examples/fixtures/tablegen", "goimage/tablegen", null);
    for (var app : List.of("unhealthy", "crasher", "slowstart")) {
      publish("examples/fixtures/verify/" + app, "goimage/verify-" + app, null);
    }
    sshHostPort = cluster.expose(port);
    var knownHosts =
        cluster.script("hack/gitserver.sh", concat("known-hosts", common)).out().strip();
    knownHostsForPods = knownHosts.replace("[127.0.0.1]:", "[" + cluster.podHost + "]:") + "\n";

    int httpPort;
    try (var socket = new ServerSocket(0)) {
      httpPort = socket.getLocalPort();
    }
    http =
        new ProcessBuilder(
                "python3",
                "-m",
                "http.server",
                "--bind",
                "127.0.0.1",
                "--directory",
                dir.resolve("repos").toString(),
                Integer.toString(httpPort))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("http.log").toFile())
            .start();
    httpBase = "http://" + cluster.expose(httpPort);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  http.destroy();
                  cluster.script("hack/gitserver.sh", concat("stop", common));
                }));
  }

  static synchronized GitFixture get() {
    if (instance == null) {
      try {
        instance = new GitFixture(Cluster.get());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  String sshUrl(String name) {
    return "ssh://git@" + sshHostPort + "/" + name + ".git";
  }

  String httpUrl(String name) {
    return httpBase + "/" + name + ".git";
  }

  String privateKey() throws IOException {
    return Files.readString(clientKey);
  }

  private void publish(String src, String name, String tag) {
    var args =
        tag == null
            ? concat("publish", concat(cluster.repo.resolve(src).toString(), concat(name, common)))
            : concat(
                "publish",
                concat(
                    cluster.repo.resolve(src).toString(),
                    concat(name, concat("--tag", concat(tag, common)))));
    check(cluster.script("hack/gitserver.sh", args), "publish " + name);
    // The dumb HTTP protocol reads info/refs and objects/info/packs, which this writes.
    var bare = dir.resolve("repos/" + name + ".git").toString();
    check(
        Cluster.run(
            List.of("git", "--git-dir=" + bare, "update-server-info"), null, Duration.ofMinutes(1)),
        "update-server-info " + name);
  }

  private static void check(Cluster.Result result, String what) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException(what + " failed: " + result.err());
    }
  }

  private static String[] concat(String first, String... rest) {
    var all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
