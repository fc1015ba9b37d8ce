package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitSource {
  @Required
  @Size(max = 2048)
  @Pattern("^(https://|http://|ssh://|git://|git@[A-Za-z0-9.-]+:)[^\\s]+$")
  @JsonPropertyDescription(
      "Repository URL: https://host/org/repo.git, ssh://git@host[:port]/org/repo.git or"
          + " git@host:org/repo.git. SSH URLs need spec.secrets.ssh.")
  public String url;

  @Default("main")
  @Size(max = 255)
  @Pattern("^[A-Za-z0-9._/+-]+$")
  @JsonPropertyDescription(
      "Branch, tag or full commit SHA to build. Default \"main\". The commit built is reported"
          + " in status.source.commit.")
  public String revision;
}
