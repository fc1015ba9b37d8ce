package dev.goimage.runner;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.buildkit.BuildKitClient;
import dev.goimage.buildkit.SolveResult;
import dev.goimage.buildkit.SolveSpec;
import dev.goimage.buildkit.llb.Platform;
import dev.goimage.buildkit.progress.ProgressListener;
import dev.goimage.buildkit.progress.VertexProgress;
import dev.goimage.runner.build.GitRefList;
import dev.goimage.runner.build.SourceUrls;
import dev.goimage.runner.failure.Redactor;
import dev.goimage.runner.progress.StepPrinter;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * After GitRevisionNotFound: the repository's branches and tags, listed by one extra exec ({@link
 * GitRefList}) on a new connection (the failed build's is closed by then). Best effort: whatever
 * goes wrong gives an empty list and the diagnosis keeps its general hint. The exec's output is not
 * printed; only names of refs are kept, redacted like all evidence.
 */
final class GitRefLookup {
  /** The listing is one ls-remote: it either answers quickly or not at all. */
  static final int TIMEOUT_SECONDS = 60;

  private final Supplier<BuildKitClient> connect;
  private final StepPrinter printer;

  GitRefLookup(Supplier<BuildKitClient> connect, StepPrinter printer) {
    this.connect = connect;
    this.printer = printer;
  }

  List<String> refs(BuildPlan plan, Redactor redactor) {
    String url = SourceUrls.withoutCredentials(plan.source.gitUrl);
    try (BuildKitClient client = connect.get();
        var timer = new Deadline(TIMEOUT_SECONDS).closeOnExpiry(client)) {
      var listing =
          GitRefList.listing(
              plan, Platform.parse(plan.go.platforms.get(0)), UUID.randomUUID().toString());
      SolveResult listed =
          client.solve(
              SolveSpec.llb(listing.definition()), Sessions.of(plan), ProgressListener.NONE);
      List<String> lines =
          listed
              .progress()
              .find(listing.definition().digestOf(listing.exec()))
              // As for the probe: the daemon may report the vertex under another digest.
              .or(() -> byName(listed, listing.exec().customName()))
              .map(VertexProgress::lastLines)
              .orElse(List.of());
      List<String> refs = redactor.redact(GitRefList.parse(lines));
      printer.message("git ls-remote " + url + ": " + refs.size() + " branches and tags");
      return refs;
    } catch (RuntimeException e) {
      // BuildKitException included: daemon gone, solve failed, deadline passed.
      printer.message("git ls-remote " + url + " failed; the hint names no branches or tags");
      return List.of();
    }
  }

  private static java.util.Optional<VertexProgress> byName(SolveResult result, String name) {
    return result.progress().vertexes().stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
