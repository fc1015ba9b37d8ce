package dev.goimage.operator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.v1alpha1.Diagnostic.Severity;
import dev.goimage.operator.TestBuilds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreflightTest {

  @Test
  void missingSecretIsReportedOnceWithNamesButNoValues() {
    var spec = TestBuilds.example("private-modules.yaml").getSpec();
    var preflight =
        new SecretPreflight(name -> name.equals("regcred") ? Set.of(".dockerconfigjson") : null);
    var diagnostics = preflight.check(spec);
    assertThat(diagnostics)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.code).isEqualTo("SecretNotFound");
              assertThat(d.severity).isEqualTo(Severity.Error);
              assertThat(d.step).isEqualTo("preflight");
              assertThat(d.message).contains("git-ssh");
              assertThat(d.hint).contains("ssh-privatekey");
            });
  }

  @Test
  void missingKeyNamesTheKeysThatExist() {
    var spec = TestBuilds.example("private-modules.yaml").getSpec();
    Map<String, Set<String>> secrets =
        Map.of(
            "git-ssh", Set.of("ssh-privatekey", "hosts"), "regcred", Set.of(".dockerconfigjson"));
    var diagnostics = new SecretPreflight(secrets::get).check(spec);
    assertThat(diagnostics)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.message)
                  .contains("no key known_hosts")
                  .contains("hosts, ssh-privatekey");
              assertThat(d.hint).startsWith("spec.secrets.ssh.knownHostsKey");
            });
  }

  @Test
  void allSecretsPresentGivesNothing() {
    var spec = TestBuilds.example("full.yaml").getSpec();
    Map<String, Set<String>> secrets =
        Map.of(
            "git-ssh",
            Set.of("ssh-privatekey", "known_hosts"),
            "go-netrc",
            Set.of(".netrc"),
            "build-secrets",
            Set.of("npmrc"),
            "regcred",
            Set.of(".dockerconfigjson"));
    assertThat(new SecretPreflight(secrets::get).check(spec)).isEmpty();
  }

  @Test
  void cgoOnScratchIsAnErrorUnlessLinkedStatically() {
    var spec = TestBuilds.example("hello.yaml").getSpec();
    spec.go = new dev.goimage.api.v1alpha1.GoSpec();
    spec.go.cgo = true;
    spec.cache = new dev.goimage.api.v1alpha1.CacheSpec();
    var validator = new SpecValidator();
    assertThat(validator.validate(spec, "https://p,direct"))
        .extracting(d -> d.code)
        .containsExactly("DynamicBinaryOnScratch");
    spec.go.ldflags = List.of("-linkmode=external", "-extldflags=-static");
    assertThat(validator.validate(spec, "https://p,direct")).isEmpty();
  }

  @Test
  void directProxyAndNoCacheAreWarningAndInfo() {
    var spec = TestBuilds.example("hello.yaml").getSpec();
    var diagnostics = new SpecValidator().validate(spec, "direct");
    assertThat(diagnostics)
        .extracting(d -> d.code + "/" + d.severity)
        .containsExactly("ProxyDirectOnly/Warning", "NoPersistentCache/Info");
    assertThat(diagnostics.get(0).hint).startsWith("spec.go.proxy");
    assertThat(diagnostics.get(1).hint).startsWith("spec.cache");
  }

  @Test
  void duplicatePlatformsAndCgoMultiArchAreInvalid() {
    var spec = TestBuilds.example("hello.yaml").getSpec();
    spec.go = new dev.goimage.api.v1alpha1.GoSpec();
    spec.go.platforms = List.of("linux/amd64", "linux/amd64");
    assertThat(new SpecValidator().validate(spec, "x"))
        .extracting(d -> d.code)
        .contains("InvalidSpec");
  }
}
