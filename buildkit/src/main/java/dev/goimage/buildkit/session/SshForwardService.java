package dev.goimage.buildkit.session;

import com.google.protobuf.ByteString;
import dev.goimage.buildkit.proto.moby.sshforward.v1.BytesMessage;
import dev.goimage.buildkit.proto.moby.sshforward.v1.CheckAgentRequest;
import dev.goimage.buildkit.proto.moby.sshforward.v1.CheckAgentResponse;
import dev.goimage.buildkit.proto.moby.sshforward.v1.SSHGrpc;
import dev.goimage.buildkit.session.ssh.SshAgentProtocol;
import dev.goimage.buildkit.session.ssh.SshKey;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;

/**
 * SSH agent forwarding: each connection to the socket mounted in a RUN step becomes one
 * ForwardAgent stream carrying raw ssh-agent protocol bytes; the agent id comes in the {@code
 * buildkit.ssh.id} header.
 */
final class SshForwardService extends SSHGrpc.SSHImplBase {
  static final String DEFAULT_ID = "default";
  private static final Metadata.Key<String> SSH_ID =
      Metadata.Key.of("buildkit.ssh.id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CURRENT_ID = Context.key("buildkit.ssh.id");

  private final Map<String, List<SshKey>> agents;

  SshForwardService(Map<String, List<SshKey>> agents) {
    this.agents = Map.copyOf(agents);
  }

  /** The service with the interceptor that exposes the id header to {@link #forwardAgent}. */
  ServerServiceDefinition definition() {
    ServerInterceptor idFromHeader =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String id = headers.get(SSH_ID);
            Context ctx = Context.current().withValue(CURRENT_ID, id == null ? DEFAULT_ID : id);
            return Contexts.interceptCall(ctx, call, headers, next);
          }
        };
    return ServerInterceptors.intercept(bindService(), idFromHeader);
  }

  @Override
  public void checkAgent(CheckAgentRequest request, StreamObserver<CheckAgentResponse> response) {
    String id = request.getID().isEmpty() ? DEFAULT_ID : request.getID();
    if (!agents.containsKey(id)) {
      response.onError(
          Status.NOT_FOUND.withDescription("unset ssh forward key " + id).asException());
      return;
    }
    response.onNext(CheckAgentResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public StreamObserver<BytesMessage> forwardAgent(StreamObserver<BytesMessage> response) {
    String id = CURRENT_ID.get();
    List<SshKey> keys = agents.get(id == null ? DEFAULT_ID : id);
    if (keys == null) {
      response.onError(
          Status.NOT_FOUND.withDescription("unset ssh forward key " + id).asException());
      return new StreamObserver<>() {
        @Override
        public void onNext(BytesMessage value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
    SshAgentProtocol agent = new SshAgentProtocol(keys);
    return new StreamObserver<>() {
      @Override
      public void onNext(BytesMessage message) {
        List<byte[]> answers;
        try {
          answers = agent.receive(message.getData().toByteArray());
        } catch (IllegalArgumentException e) {
          response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
          return;
        }
        for (byte[] answer : answers) {
          response.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(answer)).build());
        }
      }

      @Override
      public void onError(Throwable t) {
        // The container closed the socket; nothing to clean up.
      }

      @Override
      public void onCompleted() {
        response.onCompleted();
      }
    };
  }
}
