package dev.goimage.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.goimage.buildkit.progress.BuildProgress;
import dev.goimage.buildkit.proto.moby.buildkit.v1.StatusResponse;
import dev.goimage.buildkit.proto.moby.buildkit.v1.Vertex;
import dev.goimage.buildkit.proto.moby.buildkit.v1.VertexLog;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

class SolveErrorsTest {
  private static Any json(String type, String value) {
    return Any.newBuilder()
        .setTypeUrl("github.com/moby/buildkit/" + type)
        .setValue(ByteString.copyFromUtf8(value))
        .build();
  }

  @Test
  void jsonDetailsBecomeAReadableMessageWithStepAndLogs() {
    BuildProgress progress = new BuildProgress(null);
    Timestamp t = Timestamp.newBuilder().setSeconds(1).build();
    progress.apply(
        StatusResponse.newBuilder()
            .addVertexes(
                Vertex.newBuilder()
                    .setDigest("sha256:ok")
                    .setName("pull")
                    .setStarted(t)
                    .setCompleted(t))
            .addVertexes(
                Vertex.newBuilder().setDigest("sha256:bad").setName("go build").setStarted(t))
            .addLogs(
                VertexLog.newBuilder()
                    .setVertex("sha256:bad")
                    .setMsg(ByteString.copyFromUtf8("main.go:3: undefined: x\n")))
            .build());
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(io.grpc.Status.Code.UNKNOWN.value())
            .setMessage(
                "process \"/bin/sh -c go build\" did not complete successfully: exit code: 1")
            .addDetails(json("stack.Stack+json", "{\"frames\":[]}"))
            .addDetails(json("errdefs.Vertex+json", "{\"digest\":\"sha256:bad\"}"))
            .addDetails(
                json(
                    "errdefs.Source+json",
                    "{\"info\":{\"filename\":\"Dockerfile\"},\"ranges\":[{\"start\":{\"line\":7}}]}"))
            .addDetails(json("errdefs.Solve+json", "{\"op\":{\"Op\":{\"exec\":{}}}}"))
            .build();
    StatusRuntimeException e = StatusProto.toStatusRuntimeException(status);

    SolveFailedException f = SolveErrors.from(e, progress);

    assertThat(f.getMessage())
        .isEqualTo(
            "build failed: process \"/bin/sh -c go build\" did not complete successfully: exit code: 1\n"
                + "  step #2: go build\n"
                + "  at Dockerfile:7\n"
                + "  last log lines:\n"
                + "    main.go:3: undefined: x");
    assertThat(f.failedVertex())
        .hasValueSatisfying(v -> assertThat(v.digest()).isEqualTo("sha256:bad"));
    assertThat(f.details()).contains("vertex sha256:bad", "source Dockerfile:7");
    assertThat(f.code()).isEqualTo(io.grpc.Status.Code.UNKNOWN);
  }

  @Test
  void withoutDetailsFallsBackToTheVertexThatReportedAnError() {
    BuildProgress progress = new BuildProgress(null);
    progress.apply(
        StatusResponse.newBuilder()
            .addVertexes(
                Vertex.newBuilder().setDigest("sha256:x").setName("copy").setError("not found"))
            .build());
    StatusRuntimeException e =
        io.grpc.Status.NOT_FOUND
            .withDescription("failed to compute cache key")
            .asRuntimeException();
    SolveFailedException f = SolveErrors.from(e, progress);
    assertThat(f.getMessage())
        .isEqualTo("build failed: failed to compute cache key\n  step #1: copy");
  }
}
