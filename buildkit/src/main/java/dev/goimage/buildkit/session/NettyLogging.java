package dev.goimage.buildkit.session;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * grpc-netty sets SO_KEEPALIVE on every channel; Netty then warns "Unknown channel option" for
 * unix-socket and in-JVM local channels, once per connection. Harmless, but it would clutter every
 * build log, so that one logger is raised to SEVERE when Netty logs through java.util.logging.
 * (With SLF4J, configure {@code io.netty.bootstrap} there.)
 */
public final class NettyLogging {
  // Held so the level survives (java.util.logging keeps loggers weakly).
  // Netty logs these warnings with the concrete bootstrap's logger.
  private static final Logger CLIENT = Logger.getLogger("io.netty.bootstrap.Bootstrap");
  private static final Logger SERVER = Logger.getLogger("io.netty.bootstrap.ServerBootstrap");

  private NettyLogging() {}

  public static void quietChannelOptionWarnings() {
    CLIENT.setLevel(Level.SEVERE);
    SERVER.setLevel(Level.SEVERE);
  }
}
