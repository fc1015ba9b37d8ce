package dev.goimage.buildkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.CacheRecord;
import dev.goimage.buildkit.DaemonInfo;
import dev.goimage.buildkit.Exporter;
import dev.goimage.buildkit.PruneOptions;
import dev.goimage.buildkit.SolveFailedException;
import dev.goimage.buildkit.SolveResult;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.WorkerInfo;
import dev.goimage.buildkit.llb.ImageConfig;
import dev.goimage.buildkit.llb.Llb;
import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.llb.State;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.progress.VertexProgress;
import dev.goimage.buildkit.session.SessionAttachables;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Control API calls against a real buildkitd. */
class ControlIT {
  private static BuildKitClient client;

  @BeforeAll
  static void connect() {
    client = TestDaemon.get().client();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void infoReportsPinnedVersion() {
    DaemonInfo info = client.info();
    assertThat(info.version()).isEqualTo("v0.32.2");
    assertThat(info.packageName()).isEqualTo("github.com/moby/buildkit");
  }

  @Test
  void listWorkersGivesTheOciWorkerAndItsPlatforms() {
    List<WorkerInfo> workers = client.listWorkers();
    assertThat(workers).hasSize(1);
    assertThat(workers.get(0).labels())
        .containsEntry("org.mobyproject.buildkit.worker.executor", "oci");
    assertThat(workers.get(0).platforms()).contains(Platform.LINUX_AMD64);
    assertThat(client.defaultPlatform()).isEqualTo(Platform.LINUX_AMD64);
  }

  @Test
  void solveScratchWithMkfileExportsAnImageAndReportsProgress() {
    String marker = UUID.randomUUID().toString();
    State result =
        Llb.file(State.scratch())
            .mkdir("/etc", 0755, true)
            .mkfile("/etc/marker", 0644, marker + "\n")
            .name("write marker")
            .state();
    LlbDefinition def = LlbDefinition.of(result, Platform.LINUX_AMD64);
    List<String> completed = new CopyOnWriteArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onVertexCompleted(VertexProgress v) {
            completed.add(v.name() + ":" + v.state());
          }
        };

    SolveResult r =
        client.solve(
            SolveSpec.llb(def)
                .exporter(
                    Exporter.image("example.invalid/goimage/marker:it")
                        .imageConfig(
                            new ImageConfig(Platform.LINUX_AMD64).entrypoint("/bin/true"))),
            SessionAttachables.none(),
            listener);

    assertThat(r.imageDigest())
        .hasValueSatisfying(d -> assertThat(d).matches("sha256:[0-9a-f]{64}"));
    assertThat(r.exporterResponse()).containsKey("containerimage.config.digest");
    assertThat(completed).contains("write marker:DONE");
    assertThat(r.progress().vertexes())
        .anySatisfy(v -> assertThat(v.name()).startsWith("exporting to image"));
  }

  @Test
  void failingSolveGivesAReadableError() {
    State result =
        Llb.file(State.scratch())
            .copy(Llb.file(State.scratch()).mkdir("/a", 0755, false).state(), "/missing", "/x")
            .name("copy missing file")
            .state();
    LlbDefinition def = LlbDefinition.of(result, Platform.LINUX_AMD64);

    assertThatThrownBy(() -> client.solve(SolveSpec.llb(def), null, ProgressListener.NONE))
        .isInstanceOf(SolveFailedException.class)
        .hasMessageContaining("build failed")
        .hasMessageContaining("/missing")
        .hasMessageContaining("copy missing file");
  }

  @Test
  void diskUsageAndPrune() {
    // Something to account for: a unique file op result.
    State s = Llb.file(State.scratch()).mkfile("/f", 0644, UUID.randomUUID().toString()).state();
    client.solve(
        SolveSpec.llb(LlbDefinition.of(s, Platform.LINUX_AMD64)), null, ProgressListener.NONE);

    List<CacheRecord> usage = client.diskUsage();
    assertThat(usage).isNotEmpty();
    assertThat(usage).allSatisfy(r -> assertThat(r.id()).isNotBlank());

    List<CacheRecord> pruned = client.prune(PruneOptions.everything());
    assertThat(pruned).isNotEmpty();
    assertThat(client.diskUsage().stream().filter(r -> !r.inUse()).count())
        .isLessThan(usage.size());
  }
}
