package dev.goimage.operator.preflight;

import dev.goimage.api.v1alpha1.Diagnostic;
import dev.goimage.api.v1alpha1.Diagnostic.Step;
import dev.goimage.api.v1alpha1.DiagnosticCode;
import dev.goimage.api.v1alpha1.GoImageBuildSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks that every Secret and key the spec names exists. Only key names are looked at: values are
 * never read into the operator's logs, status or events.
 */
public final class SecretPreflight {

  /** The key names of a Secret, or null when it does not exist. */
  @FunctionalInterface
  public interface SecretKeys {
    Set<String> keysOf(String secretName);
  }

  private final SecretKeys secrets;

  public SecretPreflight(SecretKeys secrets) {
    this.secrets = secrets;
  }

  public List<Diagnostic> check(GoImageBuildSpec spec) {
    var out = new ArrayList<Diagnostic>();
    var missing = new java.util.HashSet<String>();
    var s = spec.secrets;
    if (s != null && s.ssh != null) {
      var keyKey = s.ssh.privateKeyKey != null ? s.ssh.privateKeyKey : "ssh-privatekey";
      require(out, missing, s.ssh.secretName, keyKey, "spec.secrets.ssh.privateKeyKey");
      require(
          out, missing, s.ssh.secretName, s.ssh.knownHostsKey, "spec.secrets.ssh.knownHostsKey");
    }
    if (s != null && s.netrc != null) {
      require(out, missing, s.netrc.secretName, s.netrc.key, "spec.secrets.netrc.key");
    }
    if (s != null && s.build != null) {
      for (int i = 0; i < s.build.size(); i++) {
        var b = s.build.get(i);
        require(out, missing, b.secretName, b.key, "spec.secrets.build[" + i + "].key");
      }
    }
    if (spec.output.pushSecret != null) {
      require(out, missing, spec.output.pushSecret, ".dockerconfigjson", "spec.output.pushSecret");
    }
    return out;
  }

  private void require(
      List<Diagnostic> out, Set<String> missing, String secretName, String key, String field) {
    if (missing.contains(secretName)) {
      return;
    }
    var keys = secrets.keysOf(secretName);
    if (keys == null) {
      missing.add(secretName);
      out.add(
          Diagnostic.error(
              DiagnosticCode.SecretNotFound,
              Step.PREFLIGHT,
              "Secret "
                  + secretName
                  + " does not exist in this namespace; no build pod was created.",
              "create Secret "
                  + secretName
                  + " with key "
                  + key
                  + ", or change "
                  + field
                  + " / the secret name it belongs to"));
    } else if (!keys.contains(key)) {
      out.add(
          Diagnostic.error(
              DiagnosticCode.SecretNotFound,
              Step.PREFLIGHT,
              "Secret "
                  + secretName
                  + " has no key "
                  + key
                  + " (it has: "
                  + String.join(", ", new java.util.TreeSet<>(keys))
                  + ").",
              field
                  + ": name one of the Secret's keys, or add key "
                  + key
                  + " to Secret "
                  + secretName));
    }
  }
}
