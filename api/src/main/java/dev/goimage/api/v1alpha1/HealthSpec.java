package dev.goimage.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.httpGet), has(self.tcpSocket), has(self.exec)].filter(x, x).size() == 1",
    message = "spec.verify.health: set exactly one of httpGet, tcpSocket or exec")
public class HealthSpec {
  @JsonPropertyDescription("HTTP GET probe: healthy when the answer is 2xx or 3xx.")
  public HttpGet httpGet;

  @JsonPropertyDescription("TCP probe: healthy when the port accepts a connection.")
  public TcpSocket tcpSocket;

  @JsonPropertyDescription("Command probe: healthy when the command exits 0 inside the container.")
  public Exec exec;

  @Default("60")
  @Min(1)
  @Max(3600)
  @JsonPropertyDescription("How long the image may take to become healthy, in seconds. Default 60.")
  public Integer timeoutSeconds;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HttpGet {
    @Default("/")
    @Pattern("^/[^\\s]*$")
    @JsonPropertyDescription("Path to request, starting with '/'. Default \"/\".")
    public String path;

    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Container port to request.")
    public Integer port;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TcpSocket {
    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Container port that must accept connections.")
    public Integer port;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Exec {
    @Required
    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Command and arguments, run without a shell.")
    public List<String> command;
  }
}
