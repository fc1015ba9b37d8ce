package dev.goimage.runner;

import dev.goimage.runner.diagnose.DiagnoseCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code goimage}: builds Go container images with BuildKit. */
@Command(
    name = "goimage",
    mixinStandardHelpOptions = true,
    version = "goimage 0.1.0",
    description = "Builds Go container images with BuildKit.",
    subcommands = {BuildCommand.class, RunnerCommand.class, DiagnoseCommand.class})
public final class Main implements Runnable {
  /** Exit codes: 0 built and pushed, 1 the build failed, 2 bad usage or missing input. */
  public static final int OK = 0;

  public static final int BUILD_FAILED = 1;
  public static final int USAGE = 2;

  public static void main(String[] args) {
    quietLibraries();
    System.exit(run(args));
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println("goimage: " + e.getMessage());
              return e instanceof UsageException ? USAGE : BUILD_FAILED;
            });
  }

  /** gRPC and Netty log through java.util.logging; only their errors matter to a CLI user. */
  static void quietLibraries() {
    java.util.logging.Logger root = java.util.logging.LogManager.getLogManager().getLogger("");
    root.setLevel(java.util.logging.Level.SEVERE);
    for (var h : root.getHandlers()) {
      h.setLevel(java.util.logging.Level.SEVERE);
    }
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** A problem with the command line or its files, reported without a stack trace. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
