package dev.goimage.operator;

import dev.goimage.operator.reconciler.GoImageBuildReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.HashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: configuration from the environment, one controller, optional leader election. */
public final class GoImageOperator {
  private static final Logger LOG = LoggerFactory.getLogger(GoImageOperator.class);

  private GoImageOperator() {}

  public static void main(String[] args) throws java.io.IOException {
    var settings = OperatorSettings.fromEnvironment(System.getenv());
    var client = new KubernetesClientBuilder().build();
    var operator = create(client, settings, leaderElection());
    var port = Integer.parseInt(System.getenv().getOrDefault("GOIMAGE_HEALTH_PORT", "8080"));
    new HealthServer(port, operator.getRuntimeInfo()).start();
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
    LOG.info(
        "goimage-operator started (buildkit {} in {} mode)",
        settings.buildkitImage(),
        settings.buildkitMode());
  }

  /** An operator with the GoImageBuild controller registered, not yet started. */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      LeaderElectionConfiguration leaderElection) {
    var operator =
        new Operator(
            o -> {
              // No CRD read at start-up: the RBAC of the chart does not need to include CRDs.
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .checkingCRDAndValidateLocalModel(false);
              if (leaderElection != null) {
                o.withLeaderElectionConfiguration(leaderElection);
              }
            });
    operator.register(
        new GoImageBuildReconciler(client, settings),
        c -> {
          if (!settings.watchNamespaces().isEmpty()) {
            c.settingNamespaces(new HashSet<>(settings.watchNamespaces()));
          }
        });
    return operator;
  }

  private static LeaderElectionConfiguration leaderElection() {
    var namespace = System.getenv("POD_NAMESPACE");
    var identity = System.getenv("POD_NAME");
    if (namespace == null || identity == null) {
      return null;
    }
    return new LeaderElectionConfiguration("goimage-operator-leader", namespace, identity);
  }
}
