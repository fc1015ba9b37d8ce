package dev.goimage.buildkit;

import java.time.Instant;

/** One build cache record from DiskUsage or Prune. */
public record CacheRecord(
    String id,
    String recordType,
    String description,
    long size,
    boolean mutable,
    boolean inUse,
    boolean shared,
    Instant createdAt,
    Instant lastUsedAt,
    long usageCount) {}
