package dev.goimage.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goimage.api.plan.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads manifests and blobs from a plain-HTTP registry, as a client would pull them. */
final class Registry {
  static final String ACCEPT =
      "application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json,"
          + "application/vnd.docker.distribution.manifest.v2+json,"
          + "application/vnd.docker.distribution.manifest.list.v2+json";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String registry;
  private final String authorization;

  Registry(String registry, String authorization) {
    this.registry = registry;
    this.authorization = authorization;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + path))
            .header("Accept", ACCEPT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  /** HEAD /v2/REPO/manifests/TAG: the Docker-Content-Digest the registry serves. */
  String manifestDigest(String repo, String tag) throws Exception {
    HttpResponse<Void> r =
        HTTP.send(
            request(repo + "/manifests/" + tag)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  JsonNode json(String path) throws Exception {
    return Json.mapper().readTree(bytes(path));
  }

  byte[] bytes(String path) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
    return r.body();
  }

  JsonNode manifest(String repo, String ref) throws Exception {
    return json(repo + "/manifests/" + ref);
  }

  JsonNode config(String repo, String ref) throws Exception {
    return json(repo + "/blobs/" + manifest(repo, ref).get("config").get("digest").asText());
  }

  /** Every layer of the image, uncompressed (tar bytes). */
  List<byte[]> layers(String repo, String ref) throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode layer : manifest(repo, ref).get("layers")) {
      byte[] blob = bytes(repo + "/blobs/" + layer.get("digest").asText());
      out.add(gunzip(blob));
    }
    return out;
  }

  private static byte[] gunzip(byte[] blob) throws IOException {
    if (blob.length < 2 || (blob[0] & 0xff) != 0x1f || (blob[1] & 0xff) != 0x8b) {
      return blob;
    }
    try (var in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
      return in.readAllBytes();
    }
  }
}
