package dev.goimage.buildkit;

import dev.goimage.buildkit.llb.Platform;
import java.util.List;
import java.util.Map;

/** One worker from {@code Control.ListWorkers}; its first platform is the natural Op.platform. */
public record WorkerInfo(String id, Map<String, String> labels, List<Platform> platforms) {}
