package dev.goimage.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Go program built into a container image by BuildKit, from a git revision. */
@Group(GoImageBuild.GROUP)
@Version(GoImageBuild.VERSION)
@ShortNames("gib")
@Categories("goimage")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Digest",
    jsonPath = ".status.output.shortDigest",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Succeeded\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Verified",
    jsonPath = ".status.conditions[?(@.type==\"Verified\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Image",
    jsonPath = ".status.output.imageRef",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class GoImageBuild extends CustomResource<GoImageBuildSpec, GoImageBuildStatus>
    implements Namespaced {
  public static final String GROUP = "goimage.dev";
  public static final String VERSION = "v1alpha1";

  /** Changing this annotation to any new value asks for a rebuild of the same spec. */
  public static final String REBUILD_ANNOTATION = "goimage.dev/rebuild";
}
