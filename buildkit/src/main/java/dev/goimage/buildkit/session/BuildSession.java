package dev.goimage.buildkit.session;

import com.google.protobuf.ByteString;
import dev.goimage.buildkit.proto.moby.buildkit.v1.BytesMessage;
import dev.goimage.buildkit.proto.moby.buildkit.v1.ControlGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One BuildKit session: our gRPC server (health, secrets, auth, SSH) reached by the daemon through
 * the {@code Control.Session} byte stream. Inside that tunnel the daemon is the HTTP/2 client, so
 * the stream's bytes are piped into an in-JVM Netty local channel connected to our server.
 */
public final class BuildSession implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BuildSession.class.getName());
  private static final int MAX_MESSAGE = 16 << 20;
  private static final String HEADER_PREFIX = "x-docker-expose-session-";

  private final String id;
  private final EventLoopGroup group;
  private final ExecutorService executor;
  private final Server server;
  private final Object sendLock = new Object();
  private Channel channel;
  private ClientCallStreamObserver<BytesMessage> toDaemon;
  private volatile boolean closed;

  private BuildSession(String id, EventLoopGroup group, ExecutorService executor, Server server) {
    this.id = id;
    this.group = group;
    this.executor = executor;
    this.server = server;
  }

  /** Opens the session; the daemon can use it as soon as this returns. */
  public static BuildSession start(ControlGrpc.ControlStub control, SessionAttachables attachables)
      throws IOException {
    String id = newId();
    EventLoopGroup group = new DefaultEventLoopGroup(2, daemonThreads("buildkit-session-io"));
    ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("buildkit-session"));
    LocalAddress address = new LocalAddress("buildkit-session-" + id);
    NettyServerBuilder sb =
        NettyServerBuilder.forAddress(address)
            .channelType(LocalServerChannel.class)
            .bossEventLoopGroup(group)
            .workerEventLoopGroup(group)
            .executor(executor)
            .maxInboundMessageSize(MAX_MESSAGE)
            .addService(new HealthStatusManager().getHealthService());
    attachables.services().forEach(sb::addService);
    Server server = sb.build().start();
    BuildSession session = new BuildSession(id, group, executor, server);
    try {
      session.connect(control, address);
    } catch (RuntimeException | InterruptedException e) {
      session.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot open the build session", e);
    }
    return session;
  }

  public String id() {
    return id;
  }

  private void connect(ControlGrpc.ControlStub control, LocalAddress address)
      throws InterruptedException {
    channel =
        new Bootstrap()
            .group(group)
            .channel(LocalChannel.class)
            .option(ChannelOption.AUTO_READ, false)
            .handler(new FromServer())
            .connect(address)
            .sync()
            .channel();
    control
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers()))
        .session(new FromDaemon());
    channel.config().setAutoRead(true);
  }

  /** What the Go client sends: id, shared key and one header value per served method. */
  private Metadata headers() {
    Metadata md = new Metadata();
    md.put(key("uuid"), id);
    md.put(key("sharedkey"), "");
    for (ServerServiceDefinition service : server.getServices()) {
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        md.put(key("grpc-method"), "/" + method.getMethodDescriptor().getFullMethodName());
      }
    }
    return md;
  }

  /** The methods announced to the daemon. */
  public List<String> methods() {
    List<String> out = new ArrayList<>();
    for (String m : headers().getAll(key("grpc-method"))) {
      out.add(m);
    }
    return out;
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(HEADER_PREFIX + name, Metadata.ASCII_STRING_MARSHALLER);
  }

  /** Daemon -> our server: bytes from the Session stream go into the local channel. */
  private final class FromDaemon implements ClientResponseObserver<BytesMessage, BytesMessage> {
    @Override
    public void beforeStart(ClientCallStreamObserver<BytesMessage> requestStream) {
      synchronized (sendLock) {
        toDaemon = requestStream;
      }
      // Flow control towards the daemon: pause reading our server's output while gRPC is full.
      requestStream.setOnReadyHandler(
          () -> {
            Channel ch = channel;
            if (ch != null) {
              ch.config().setAutoRead(true);
            }
          });
    }

    @Override
    public void onNext(BytesMessage message) {
      channel.writeAndFlush(Unpooled.wrappedBuffer(message.getData().toByteArray()));
    }

    @Override
    public void onError(Throwable t) {
      if (!closed) {
        LOG.log(Level.FINE, "build session stream failed", t);
      }
      channel.close();
    }

    @Override
    public void onCompleted() {
      channel.close();
    }
  }

  /** Our server -> daemon: bytes written by the server are sent as BytesMessages. */
  private final class FromServer extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        byte[] data = new byte[buf.readableBytes()];
        buf.readBytes(data);
        synchronized (sendLock) {
          if (toDaemon == null || closed) {
            return;
          }
          toDaemon.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(data)).build());
          if (!toDaemon.isReady()) {
            ctx.channel().config().setAutoRead(false);
          }
        }
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeSend();
    }
  }

  private void closeSend() {
    synchronized (sendLock) {
      if (toDaemon != null && !closed) {
        closed = true;
        try {
          toDaemon.onCompleted();
        } catch (IllegalStateException alreadyClosed) {
          // the call ended first
        }
      }
      closed = true;
    }
  }

  /** Ends the session: CloseSend on the stream, then stops our server. */
  @Override
  public void close() {
    closeSend();
    if (channel != null) {
      channel.close();
    }
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    executor.shutdownNow();
  }

  private static String newId() {
    // Like Go's identity.NewID: 25 random base-36 characters.
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 25; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Random ids for sessions and build refs. */
  public static String randomId() {
    return newId();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
