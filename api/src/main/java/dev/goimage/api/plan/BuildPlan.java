package dev.goimage.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.goimage.api.v1alpha1.EnvVar;
import dev.goimage.api.v1alpha1.VerifySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the runner needs to build one image, with every default resolved. It is the seam
 * between the operator (which writes it into a ConfigMap) and the runner (which turns it into
 * BuildKit requests); local mode makes one from the same GoImageBuild YAML.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BuildPlan {
  public static final String API_VERSION = "goimage.dev/buildplan/v1";

  public String apiVersion = API_VERSION;

  /** namespace/name of the GoImageBuild, for logs and labels. */
  public String build;

  public Source source = new Source();
  public Go go = new Go();
  public Dockerfile dockerfile;
  public Secrets secrets = new Secrets();
  public Output output = new Output();
  public Cache cache = new Cache();
  public int timeoutSeconds;
  public VerifySpec verify;

  /** Where the runner writes the BuildResult JSON (the termination message path in a pod). */
  public String resultFile;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Source {
    public String gitUrl;
    public String revision;
    public String moduleRoot;

    @com.fasterxml.jackson.annotation.JsonProperty("package")
    public String packagePath;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Go {
    public String version;
    public String builderImage;
    public String proxy;

    @com.fasterxml.jackson.annotation.JsonProperty("private")
    public List<String> privateModules = new ArrayList<>();

    public List<String> noSumDB = new ArrayList<>();
    public List<EnvVar> env = new ArrayList<>();
    public boolean cgo;
    public List<String> tags = new ArrayList<>();
    public List<String> ldflags = new ArrayList<>();
    public List<String> platforms = new ArrayList<>();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Dockerfile {
    public String path;
    public String target;
    public List<EnvVar> buildArgs = new ArrayList<>();
  }

  /** Files holding secret material. Only paths travel in the plan, never values. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Secrets {
    public String sshKeyFile;
    public String knownHostsFile;
    public String netrcFile;
    public String dockerConfigFile;
    public List<FileSecret> build = new ArrayList<>();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FileSecret {
    public String id;
    public String file;

    public FileSecret() {}

    public FileSecret(String id, String file) {
      this.id = id;
      this.file = file;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Output {
    public String image;
    public String baseImage;
    public boolean insecure;
    public Map<String, String> labels = new LinkedHashMap<>();
    public boolean push = true;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Cache {
    /** False when the BuildKit state lives on an emptyDir: every build starts cold. */
    public boolean persistent;

    public String volumeClaimName;
  }
}
