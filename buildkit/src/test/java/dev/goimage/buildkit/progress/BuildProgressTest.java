package dev.goimage.buildkit.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.goimage.buildkit.proto.moby.buildkit.v1.StatusResponse;
import dev.goimage.buildkit.proto.moby.buildkit.v1.Vertex;
import dev.goimage.buildkit.proto.moby.buildkit.v1.VertexLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildProgressTest {
  private static Timestamp ts(long seconds, int nanos) {
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }

  private static StatusResponse vertex(Vertex.Builder v) {
    return StatusResponse.newBuilder().addVertexes(v).build();
  }

  private static StatusResponse log(String digest, String text) {
    return StatusResponse.newBuilder()
        .addLogs(
            VertexLog.newBuilder()
                .setVertex(digest)
                .setStream(1)
                .setMsg(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
        .build();
  }

  @Test
  void followsStatesTimingsAndReportsEachTransitionOnce() {
    List<String> events = new ArrayList<>();
    BuildProgress p =
        new BuildProgress(
            new ProgressListener() {
              @Override
              public void onVertexStarted(VertexProgress v) {
                events.add("start " + v.name());
              }

              @Override
              public void onVertexCompleted(VertexProgress v) {
                events.add("done " + v.name() + " " + v.state());
              }
            });

    p.apply(vertex(Vertex.newBuilder().setDigest("sha256:a").setName("[1/2] pull")));
    p.apply(vertex(Vertex.newBuilder().setDigest("sha256:b").setName("go build")));
    p.apply(
        vertex(
            Vertex.newBuilder()
                .setDigest("sha256:a")
                .setName("[1/2] pull")
                .setStarted(ts(100, 0))
                .setCompleted(ts(100, 0))
                .setCached(true)));
    p.apply(
        vertex(
            Vertex.newBuilder().setDigest("sha256:b").setName("go build").setStarted(ts(100, 0))));
    p.apply(
        vertex(
            Vertex.newBuilder().setDigest("sha256:b").setName("go build").setStarted(ts(100, 0))));
    p.apply(
        vertex(
            Vertex.newBuilder()
                .setDigest("sha256:b")
                .setName("go build")
                .setStarted(ts(100, 0))
                .setCompleted(ts(102, 500_000_000))));

    assertThat(events)
        .containsExactly(
            "start [1/2] pull", "done [1/2] pull CACHED", "start go build", "done go build DONE");
    VertexProgress build = p.vertexes().get(1);
    assertThat(build.number()).isEqualTo(2);
    assertThat(build.duration().toMillis()).isEqualTo(2500);
    assertThat(ProgressPrinter.formatLine(build)).isEqualTo("#2 DONE      2.5s go build");
    assertThat(p.failedVertex()).isEmpty();
  }

  @Test
  void findsTheFailingVertexAndItsLastLogLines() {
    List<String> lines = new ArrayList<>();
    BuildProgress p =
        new BuildProgress(
            new ProgressListener() {
              @Override
              public void onLog(VertexProgress v, int stream, String line) {
                lines.add(line);
              }
            },
            3);
    p.apply(
        vertex(Vertex.newBuilder().setDigest("sha256:c").setName("compile").setStarted(ts(1, 0))));
    p.apply(log("sha256:c", "line 1\nline 2\nli"));
    p.apply(log("sha256:c", "ne 3\r\nline 4\nline 5\npartial"));
    p.apply(
        vertex(
            Vertex.newBuilder()
                .setDigest("sha256:c")
                .setName("compile")
                .setStarted(ts(1, 0))
                .setCompleted(ts(2, 0))
                .setError(
                    "process \"/bin/sh -c go build\" did not complete successfully: exit code: 1")));

    assertThat(lines).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
    VertexProgress failed = p.failedVertex().orElseThrow();
    assertThat(failed.state()).isEqualTo(VertexProgress.State.ERROR);
    assertThat(failed.error()).contains("exit code: 1");
    assertThat(failed.lastLines()).containsExactly("line 4", "line 5", "partial");
    assertThat(ProgressPrinter.formatLine(failed)).startsWith("#1 ERROR ").contains("exit code: 1");
  }

  @Test
  void logsForUnknownVertexesAreKeptToo() {
    BuildProgress p = new BuildProgress(null);
    p.apply(log("sha256:z", "hello\n"));
    assertThat(p.find("sha256:z"))
        .hasValueSatisfying(v -> assertThat(v.lastLines()).containsExactly("hello"));
  }
}
