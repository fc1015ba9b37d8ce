package dev.goimage.buildkit;

import dev.goimage.buildkit.llb.LlbDefinition;
import dev.goimage.buildkit.proto.moby.buildkit.v1.CacheOptions;
import dev.goimage.buildkit.proto.moby.buildkit.v1.CacheOptionsEntry;
import dev.goimage.buildkit.proto.moby.buildkit.v1.SolveRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What to solve: an LLB definition, or a frontend such as {@code dockerfile.v0} with its
 * attributes; plus exporters and cache imports/exports.
 */
public final class SolveSpec {
  private final LlbDefinition definition;
  private final String frontend;
  private final Map<String, String> frontendAttrs = new TreeMap<>();
  private final Map<String, LlbDefinition> frontendInputs = new LinkedHashMap<>();
  private final List<Exporter> exporters = new ArrayList<>();
  private final List<CacheOptionsEntry> cacheImports = new ArrayList<>();
  private final List<CacheOptionsEntry> cacheExports = new ArrayList<>();
  private final List<String> entitlements = new ArrayList<>();

  private SolveSpec(LlbDefinition definition, String frontend) {
    this.definition = definition;
    this.frontend = frontend;
  }

  /** Solves an LLB graph built with {@link dev.goimage.buildkit.llb.Llb}. */
  public static SolveSpec llb(LlbDefinition definition) {
    return new SolveSpec(definition, "");
  }

  /**
   * Solves through a frontend, e.g. {@code frontend("dockerfile.v0")} with attrs {@code context} (a
   * git URL), {@code filename}, {@code build-arg:NAME}, {@code platform}, {@code target}.
   */
  public static SolveSpec frontend(String frontend) {
    return new SolveSpec(null, frontend);
  }

  public SolveSpec frontendAttr(String key, String value) {
    frontendAttrs.put(key, value);
    return this;
  }

  public SolveSpec frontendAttrs(Map<String, String> attrs) {
    frontendAttrs.putAll(attrs);
    return this;
  }

  /** An LLB input for the frontend (e.g. {@code context} or {@code dockerfile}). */
  public SolveSpec frontendInput(String name, LlbDefinition input) {
    frontendInputs.put(name, input);
    return this;
  }

  public SolveSpec exporter(Exporter exporter) {
    exporters.add(exporter);
    return this;
  }

  /** e.g. {@code cacheImport("registry", Map.of("ref", "127.0.0.1:5000/cache:app"))}. */
  public SolveSpec cacheImport(String type, Map<String, String> attrs) {
    cacheImports.add(CacheOptionsEntry.newBuilder().setType(type).putAllAttrs(attrs).build());
    return this;
  }

  public SolveSpec cacheExport(String type, Map<String, String> attrs) {
    cacheExports.add(CacheOptionsEntry.newBuilder().setType(type).putAllAttrs(attrs).build());
    return this;
  }

  /** e.g. {@code network.host}, {@code security.insecure} (the daemon must allow them). */
  public SolveSpec entitlement(String entitlement) {
    entitlements.add(entitlement);
    return this;
  }

  SolveRequest toRequest(String ref, String sessionId) {
    SolveRequest.Builder req =
        SolveRequest.newBuilder()
            .setRef(ref)
            .setSession(sessionId)
            .setFrontend(frontend)
            .putAllFrontendAttrs(frontendAttrs)
            .addAllEntitlements(entitlements);
    if (definition != null) {
      req.setDefinition(definition.toProto());
    }
    frontendInputs.forEach((k, v) -> req.putFrontendInputs(k, v.toProto()));
    for (Exporter e : exporters) {
      req.addExporters(
          dev.goimage.buildkit.proto.moby.buildkit.v1.Exporter.newBuilder()
              .setType(e.type())
              .putAllAttrs(e.attrs()));
    }
    if (!exporters.isEmpty()) {
      // Older daemons only read the deprecated single-exporter fields; Go sets both.
      req.setExporterDeprecated(exporters.get(0).type())
          .putAllExporterAttrsDeprecated(exporters.get(0).attrs());
    }
    if (!cacheImports.isEmpty() || !cacheExports.isEmpty()) {
      req.setCache(
          CacheOptions.newBuilder().addAllImports(cacheImports).addAllExports(cacheExports));
    }
    return req.build();
  }
}
