package dev.goimage.buildkit.session;

import dev.goimage.buildkit.proto.moby.filesync.v1.AuthGrpc;
import dev.goimage.buildkit.proto.moby.filesync.v1.CredentialsRequest;
import dev.goimage.buildkit.proto.moby.filesync.v1.CredentialsResponse;
import io.grpc.stub.StreamObserver;

/**
 * Registry credentials for the daemon. Only Credentials is implemented: for token authorities the
 * daemon falls back to it when GetTokenAuthority is UNIMPLEMENTED (the base class's answer).
 */
final class AuthService extends AuthGrpc.AuthImplBase {
  private final DockerConfig config;

  AuthService(DockerConfig config) {
    this.config = config;
  }

  @Override
  public void credentials(
      CredentialsRequest request, StreamObserver<CredentialsResponse> response) {
    CredentialsResponse.Builder out = CredentialsResponse.newBuilder();
    config
        .lookup(request.getHost())
        .ifPresent(c -> out.setUsername(c.username()).setSecret(c.secret()));
    response.onNext(out.build());
    response.onCompleted();
  }
}
