package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goimage.api.plan.BuildPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** examples/hello's own multi-stage Dockerfile, from the git server, through dockerfile.v0. */
class DockerfileModeIT {
  @Test
  void buildsTheRepositorysDockerfileAndPushes() throws Exception {
    Infra infra = Infra.get();
    Path dir = Files.createTempDirectory(infra.base, "dockerfile-");
    String[] published = infra.git.publish("examples/hello", "hello-dockerfile", null);
    BuildPlan p = Plans.plan(published[0], infra.registry + "/it/hello-dockerfile:v1");
    p.output.baseImage = null;
    p.dockerfile = new BuildPlan.Dockerfile();
    p.dockerfile.path = "Dockerfile";
    p.secrets.sshKeyFile = infra.git.key.toString();
    p.secrets.knownHostsFile = infra.git.writeKnownHosts(dir.resolve("known_hosts")).toString();

    Plans.Run r = Plans.runner(p, dir);

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.result().commit).isEqualTo(published[1]);
    assertThat(r.output()).contains("RUN CGO_ENABLED=0 go build");
    var registry = new Registry(infra.registry, null);
    assertThat(registry.manifestDigest("it/hello-dockerfile", "v1")).isEqualTo(r.result().digest);
    var config = registry.config("it/hello-dockerfile", "v1");
    assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/hello");
    // SOURCE_DATE_EPOCH from the commit time.
    assertThat(config.get("created").asText()).startsWith("2000-01-01T00:00:00");
    new Secrets().file(infra.git.key).assertAbsent("runner output", r.output() + r.resultJson());
  }
}
