package dev.goimage.buildkit.llb;

import java.util.Locale;
import java.util.Objects;

/** An OCI platform (os/architecture[/variant]) as BuildKit's {@code pb.Platform}. */
public record Platform(String os, String architecture, String variant) {
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");
  public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
  }

  /** Parses {@code linux/amd64} or {@code linux/arm/v7}. */
  public static Platform parse(String spec) {
    String[] parts = spec.split("/");
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("platform must be os/arch[/variant]: " + spec);
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /** The platform of this JVM's host, in Go's GOARCH spelling. */
  public static Platform host() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> LINUX_AMD64;
      case "aarch64", "arm64" -> LINUX_ARM64;
      default -> new Platform("linux", arch, "");
    };
  }

  dev.goimage.buildkit.proto.pb.Platform toProto() {
    return dev.goimage.buildkit.proto.pb.Platform.newBuilder()
        .setOS(os)
        .setArchitecture(architecture)
        .setVariant(variant)
        .build();
  }

  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
