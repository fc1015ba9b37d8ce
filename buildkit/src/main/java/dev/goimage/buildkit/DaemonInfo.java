package dev.goimage.buildkit;

/** {@code Control.Info}: the daemon's BuildKit version, e.g. {@code v0.32.2}. */
public record DaemonInfo(String version, String revision, String packageName) {}
