package dev.goimage.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;

/** metav1.Condition bookkeeping: positive polarity, transition time kept while status holds. */
public final class Conditions {
  public static final String SUCCEEDED = "Succeeded";
  public static final String BUILT = "Built";
  public static final String PUSHED = "Pushed";
  public static final String VERIFIED = "Verified";

  private Conditions() {}

  public static void set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      long generation,
      String now) {
    var existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    var transition =
        existing
            .filter(c -> status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now);
    existing.ifPresent(conditions::remove);
    conditions.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message == null ? "" : message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build());
    conditions.sort(java.util.Comparator.comparingInt(c -> order(c.getType())));
  }

  public static Condition get(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static int order(String type) {
    return switch (type) {
      case SUCCEEDED -> 0;
      case BUILT -> 1;
      case PUSHED -> 2;
      case VERIFIED -> 3;
      default -> 4;
    };
  }
}
