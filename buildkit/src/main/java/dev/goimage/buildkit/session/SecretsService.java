package dev.goimage.buildkit.session;

import com.google.protobuf.ByteString;
import dev.goimage.buildkit.proto.moby.buildkit.secrets.v1.GetSecretRequest;
import dev.goimage.buildkit.proto.moby.buildkit.secrets.v1.GetSecretResponse;
import dev.goimage.buildkit.proto.moby.buildkit.secrets.v1.SecretsGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.function.Supplier;

/** Serves secrets by id; an unknown id is NOT_FOUND, which the daemon reads as "no such secret". */
final class SecretsService extends SecretsGrpc.SecretsImplBase {
  private final Map<String, Supplier<byte[]>> secrets;

  SecretsService(Map<String, Supplier<byte[]>> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  @Override
  public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> response) {
    Supplier<byte[]> source = secrets.get(request.getID());
    if (source == null) {
      response.onError(
          Status.NOT_FOUND
              .withDescription("secret " + request.getID() + " not found")
              .asException());
      return;
    }
    byte[] data;
    try {
      data = source.get();
    } catch (RuntimeException e) {
      // Never echo the secret or its path content; the id is enough to diagnose.
      response.onError(
          Status.INTERNAL
              .withDescription(
                  "secret " + request.getID() + " unreadable: " + e.getClass().getSimpleName())
              .asException());
      return;
    }
    response.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(data)).build());
    response.onCompleted();
  }
}
