package dev.goimage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two builds on one cache claim: buildkitd state must never be shared by two daemons, so the second
 * build waits (Queued) until the first ends, then finds every module in the cache.
 */
class SharedCacheE2E {
  private static final String NS = "e2e-cache";
  private static Cluster cluster;

  @BeforeAll
  static void setUp() throws IOException {
    cluster = Cluster.get();
    cluster.createNamespace(NS);
    // No provisioner on this node: a hostPath volume under the cluster's state dir, bound by name.
    var path = Path.of(System.getenv("E2E_VOLUMES_DIR"), NS + "-go-cache");
    // hostPath volumes get no fsGroup: open the directory to rootless buildkitd (uid 1000).
    Files.createDirectories(path);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
    cluster.apply(
        NS,
        """
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: %s-go-cache
        spec:
          capacity: {storage: 10Gi}
          accessModes: [ReadWriteOnce]
          persistentVolumeReclaimPolicy: Delete
          storageClassName: e2e-manual
          claimRef: {namespace: %s, name: go-cache}
          hostPath: {path: %s, type: DirectoryOrCreate}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: go-cache
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: e2e-manual
          volumeName: %s-go-cache
          resources: {requests: {storage: 10Gi}}
        """
            .formatted(NS, NS, path, NS));
  }

  @AfterAll
  static void cleanup() {
    cluster.deleteNamespace(NS);
    cluster.client.persistentVolumes().withName(NS + "-go-cache").delete();
  }

  @Test
  void secondBuildIsQueuedUntilTheFirstEndsThenDownloadsNothing() throws Exception {
    var cache = "  cache:\n    volumeClaimName: go-cache\n";
    cluster.apply(NS, Builds.hello(cluster, "first", "e2e/cached", cache));
    Builds.awaitPhase(cluster, NS, "first", Duration.ofMinutes(3), "Building");
    cluster.apply(NS, Builds.hello(cluster, "second", "e2e/cached", cache));

    // While the first runs, the second never builds, and shows as Queued.
    var seen = new ArrayList<String>();
    var first =
        Builds.awaitBuild(
            cluster,
            NS,
            "first",
            Builds.BUILD_TIMEOUT,
            b -> {
              var finished = Cluster.phase(b).matches("Succeeded|Failed");
              if (!finished) {
                seen.add(Cluster.phase(cluster.build(NS, "second")));
              }
              return finished;
            });
    assertThat(Cluster.phase(first)).as(Builds.describe(first)).isEqualTo("Succeeded");
    assertThat(seen).contains("Queued").doesNotContain("Building", "Succeeded", "Failed");

    var second =
        Builds.awaitPhase(cluster, NS, "second", Builds.BUILD_TIMEOUT, "Succeeded", "Failed");
    assertThat(Cluster.phase(second)).as(Builds.describe(second)).isEqualTo("Succeeded");
    assertThat(Builds.section(first, "cache").get("modulesDownloaded"))
        .as(Builds.describe(first))
        .isEqualTo(1);
    assertThat(Builds.section(second, "cache").get("modulesDownloaded"))
        .as(Builds.describe(second))
        .isEqualTo(0);
  }
}
