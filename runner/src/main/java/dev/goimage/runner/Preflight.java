package dev.goimage.runner;

import dev.goimage.api.plan.BuildPlan;
import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.runner.build.SourceUrls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks on the plan before any BuildKit call: what would make the build unsafe or certain to fail.
 */
final class Preflight {
  private Preflight() {}

  static List<Diagnostic> check(BuildPlan plan) {
    List<Diagnostic> out = new ArrayList<>();
    if (plan.output.image == null || plan.output.image.isBlank()) {
      out.add(invalid("The plan has no output image.", "spec.output.image"));
    }
    if (plan.source.gitUrl == null || plan.source.gitUrl.isBlank()) {
      out.add(invalid("The plan has no git URL.", "spec.source.git.url"));
    }
    if (SourceUrls.isSsh(plan.source.gitUrl) && plan.secrets.knownHostsFile == null) {
      // Without known_hosts the daemon would turn host key checking off.
      out.add(
          Diagnostic.error(
              DiagnosticCode.GitHostKeyUnknown,
              Diagnostic.Step.PREFLIGHT,
              "The source "
                  + plan.source.gitUrl
                  + " is an SSH URL but no known_hosts is given; host keys are never trusted"
                  + " blindly.",
              "Set spec.secrets.ssh with knownHostsKey (local mode: --known-hosts FILE)."));
    }
    if (plan.dockerfile == null && plan.go.platforms.size() > 1) {
      out.add(
          invalid(
              "Native Go builds produce one platform per build; the plan asks for "
                  + plan.go.platforms
                  + ".",
              "spec.go.platforms: one platform, or spec.dockerfile for a multi-platform index"));
    }
    checkFile(out, plan.secrets.sshKeyFile, "spec.secrets.ssh (--ssh-key)");
    checkFile(out, plan.secrets.knownHostsFile, "spec.secrets.ssh.knownHostsKey (--known-hosts)");
    checkFile(out, plan.secrets.netrcFile, "spec.secrets.netrc (--netrc)");
    checkFile(out, plan.secrets.dockerConfigFile, "spec.output.pushSecret (--docker-config)");
    for (BuildPlan.FileSecret s : plan.secrets.build) {
      checkFile(out, s.file, "spec.secrets.build id " + s.id + " (--secret " + s.id + "=FILE)");
    }
    return out;
  }

  private static void checkFile(List<Diagnostic> out, String file, String field) {
    if (file != null && !Files.isReadable(Path.of(file))) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SecretNotFound,
              Diagnostic.Step.PREFLIGHT,
              "The secret file " + file + " for " + field + " is missing or unreadable.",
              "Check " + field + "."));
    }
  }

  private static Diagnostic invalid(String message, String field) {
    return Diagnostic.error(DiagnosticCode.InvalidSpec, Diagnostic.Step.PREFLIGHT, message, field);
  }
}
