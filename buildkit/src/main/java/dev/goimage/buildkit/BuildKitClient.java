package dev.goimage.buildkit;

import com.google.protobuf.Timestamp;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.progress.BuildProgress;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.proto.moby.buildkit.v1.ControlGrpc;
import dev.goimage.buildkit.proto.moby.buildkit.v1.DiskUsageRequest;
import dev.goimage.buildkit.proto.moby.buildkit.v1.InfoRequest;
import dev.goimage.buildkit.proto.moby.buildkit.v1.ListWorkersRequest;
import dev.goimage.buildkit.proto.moby.buildkit.v1.PruneRequest;
import dev.goimage.buildkit.proto.moby.buildkit.v1.SolveResponse;
import dev.goimage.buildkit.proto.moby.buildkit.v1.StatusRequest;
import dev.goimage.buildkit.proto.moby.buildkit.v1.StatusResponse;
import dev.goimage.buildkit.proto.moby.buildkit.v1.UsageRecord;
import dev.goimage.buildkit.proto.moby.buildkit.v1.types.WorkerRecord;
import dev.goimage.buildkit.session.BuildSession;
import dev.goimage.buildkit.session.NettyLogging;
import dev.goimage.buildkit.session.SessionAttachables;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A client of buildkitd's Control API.
 *
 * <pre>{@code
 * try (BuildKitClient client = BuildKitClient.connect(BuildKitAddress.unix(Path.of(sock)))) {
 *   SolveResult r = client.solve(spec, SessionAttachables.none(), new ProgressPrinter(System.out, false));
 *   String digest = r.imageDigest().orElseThrow();
 * }
 * }</pre>
 */
public final class BuildKitClient implements AutoCloseable {
  private static final int MAX_MESSAGE = 16 << 20;

  /** How long to keep reading Status after Solve returned (Go's client waits the same). */
  private static final Duration STATUS_DRAIN = Duration.ofSeconds(5);

  private final BuildKitAddress address;
  private final ManagedChannel channel;
  private final EventLoopGroup eventLoop;
  private final ControlGrpc.ControlBlockingStub blocking;
  private final ControlGrpc.ControlStub async;

  private BuildKitClient(BuildKitAddress address, ManagedChannel channel, EventLoopGroup loop) {
    this.address = address;
    this.channel = channel;
    this.eventLoop = loop;
    this.blocking = ControlGrpc.newBlockingStub(channel);
    this.async = ControlGrpc.newStub(channel);
  }

  /** Creates the channel; the first call connects (and fails if the daemon is not there). */
  public static BuildKitClient connect(BuildKitAddress address) {
    NettyLogging.quietChannelOptionWarnings();
    NettyChannelBuilder builder;
    EventLoopGroup loop = null;
    if (address.isUnix()) {
      loop = new EpollEventLoopGroup(2, daemonThreads("buildkit-client"));
      builder =
          NettyChannelBuilder.forAddress(new DomainSocketAddress(address.socket().toFile()))
              .channelType(EpollDomainSocketChannel.class)
              .eventLoopGroup(loop)
              .overrideAuthority("localhost")
              .usePlaintext();
    } else {
      builder = NettyChannelBuilder.forAddress(address.host(), address.port());
      if (address.tls() == null) {
        builder.usePlaintext();
      } else {
        builder.sslContext(sslContext(address.tls()));
        if (address.tls().serverName() != null) {
          builder.overrideAuthority(address.tls().serverName());
        }
      }
    }
    ManagedChannel ch = builder.maxInboundMessageSize(MAX_MESSAGE).build();
    return new BuildKitClient(address, ch, loop);
  }

  private static SslContext sslContext(BuildKitAddress.Tls tls) {
    try {
      return GrpcSslContexts.forClient()
          .trustManager(tls.caCert().toFile())
          .keyManager(tls.clientCert().toFile(), tls.clientKey().toFile())
          .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new BuildKitException("cannot load TLS files for buildkitd: " + e.getMessage(), e);
    }
  }

  public BuildKitAddress address() {
    return address;
  }

  /** The daemon's version (Control.Info). */
  public DaemonInfo info() {
    var v = call(() -> blocking.info(InfoRequest.getDefaultInstance())).getBuildkitVersion();
    return new DaemonInfo(v.getVersion(), v.getRevision(), v.getPackage());
  }

  public List<WorkerInfo> listWorkers() {
    var resp = call(() -> blocking.listWorkers(ListWorkersRequest.getDefaultInstance()));
    List<WorkerInfo> out = new ArrayList<>();
    for (WorkerRecord w : resp.getRecordList()) {
      List<Platform> platforms = new ArrayList<>();
      w.getPlatformsList()
          .forEach(
              p -> platforms.add(new Platform(p.getOS(), p.getArchitecture(), p.getVariant())));
      out.add(new WorkerInfo(w.getID(), w.getLabelsMap(), platforms));
    }
    return out;
  }

  /** The platform of the default (first) worker, for {@code Op.platform}. */
  public Platform defaultPlatform() {
    return listWorkers().stream()
        .filter(w -> !w.platforms().isEmpty())
        .map(w -> w.platforms().get(0))
        .findFirst()
        .orElse(Platform.host());
  }

  public List<CacheRecord> diskUsage() {
    var resp = call(() -> blocking.diskUsage(DiskUsageRequest.getDefaultInstance()));
    return resp.getRecordList().stream().map(BuildKitClient::toRecord).toList();
  }

  /** Prunes the build cache; returns the records removed. */
  public List<CacheRecord> prune(PruneOptions options) {
    PruneRequest req =
        PruneRequest.newBuilder()
            .setAll(options.all())
            .addAllFilter(options.filters())
            .setKeepDuration(options.keepDuration().toNanos())
            .setReservedSpace(options.reservedSpace())
            .setMaxUsedSpace(options.maxUsedSpace())
            .setMinFreeSpace(options.minFreeSpace())
            .build();
    return call(
        () -> {
          List<CacheRecord> out = new ArrayList<>();
          Iterator<UsageRecord> it = blocking.prune(req);
          it.forEachRemaining(r -> out.add(toRecord(r)));
          return out;
        });
  }

  /**
   * Runs one build: opens a session serving {@code attachables}, follows the Status stream into a
   * {@link BuildProgress} (reported to {@code listener}) and waits for Solve without a deadline.
   *
   * @throws SolveFailedException with a readable message when the build fails
   */
  public SolveResult solve(
      SolveSpec spec, SessionAttachables attachables, ProgressListener listener) {
    String ref = BuildSession.randomId();
    BuildProgress progress = new BuildProgress(listener);
    Instant start = Instant.now();
    BuildSession session;
    try {
      session =
          BuildSession.start(async, attachables == null ? SessionAttachables.none() : attachables);
    } catch (IOException e) {
      throw new BuildKitException("cannot open a session with buildkitd at " + address, e);
    }
    try (session) {
      CountDownLatch statusDone = new CountDownLatch(1);
      async.status(
          StatusRequest.newBuilder().setRef(ref).build(),
          new StreamObserver<>() {
            @Override
            public void onNext(StatusResponse value) {
              progress.apply(value);
            }

            @Override
            public void onError(Throwable t) {
              statusDone.countDown();
            }

            @Override
            public void onCompleted() {
              statusDone.countDown();
            }
          });
      SolveResponse response;
      try {
        response = blocking.solve(spec.toRequest(ref, session.id()));
      } catch (StatusRuntimeException e) {
        awaitQuietly(statusDone);
        throw SolveErrors.from(e, progress);
      }
      awaitQuietly(statusDone);
      return new SolveResult(
          ref, response.getExporterResponseMap(), progress, Duration.between(start, Instant.now()));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(STATUS_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The raw generated stub, for calls this class does not wrap. */
  public ControlGrpc.ControlBlockingStub control() {
    return blocking;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (eventLoop != null) {
      eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  private <T> T call(java.util.function.Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw new BuildKitException(
          "buildkitd at "
              + address
              + ": "
              + e.getStatus().getCode()
              + " "
              + e.getStatus().getDescription(),
          e);
    }
  }

  private static CacheRecord toRecord(UsageRecord r) {
    return new CacheRecord(
        r.getID(),
        r.getRecordType(),
        r.getDescription(),
        r.getSize(),
        r.getMutable(),
        r.getInUse(),
        r.getShared(),
        r.hasCreatedAt() ? instant(r.getCreatedAt()) : null,
        r.hasLastUsedAt() ? instant(r.getLastUsedAt()) : null,
        r.getUsageCount());
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
