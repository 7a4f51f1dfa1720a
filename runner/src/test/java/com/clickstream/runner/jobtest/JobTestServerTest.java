package com.clickstream.runner.jobtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTestServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static JobTestServer server;

  @TempDir Path folder;

  @BeforeAll
  static void start() throws Exception {
    URI cluster = SharedCluster.restAddress();
    server = JobTestServer.start(cluster.getHost(), cluster.getPort());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> postRun(Path script) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/run"))
        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("script", script.toString()).toString())).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private Path job(String name, Path source, Path sink) throws Exception {
    return JobTestScripts.write(folder.resolve(name), JobTestScripts.clicksPerMinute(source, sink, ""));
  }

  /** Two runs of one script at once, each on its own Flink job, write the same lines: the kit is deterministic. */
  @Test
  void runsTestsAtOnceAndTheSameScriptGivesTheSameLines() throws Exception {
    Path source = JobTestScripts.writeLines(folder.resolve("clicks.jsonl"), JobTestConnectorsTest.CLICKS);
    Path first = folder.resolve("first.jsonl");
    Path second = folder.resolve("second.jsonl");
    CompletableFuture<HttpResponse<String>> one = postRun(job("first.sql", source, first));
    CompletableFuture<HttpResponse<String>> two = postRun(job("second.sql", source, second));

    for (HttpResponse<String> response : new HttpResponse[] {one.get(), two.get()}) {
      assertEquals(200, response.statusCode(), response.body());
      JsonNode outcome = JSON.readTree(response.body());
      assertEquals("finished", outcome.get("status").asText(), response.body());
      assertTrue(outcome.get("millis").isIntegralNumber(), response.body());
    }
    assertEquals(JobTestConnectorsTest.WINDOWED_COUNTS, Files.readAllLines(first));
    assertEquals(Files.readAllLines(first), Files.readAllLines(second));
  }

  @Test
  void aStatementFlinkRefusesAnswersAPlanFailure() throws Exception {
    Path script = JobTestScripts.write(folder.resolve("broken.sql"), "CREATE TEMPORARY TABLE `t` (`a` STRING) WITH ('connector' = 'job-test-source');\nSELEC 1;\n");

    JsonNode outcome = JSON.readTree(postRun(script).get().body());

    assertEquals("failed", outcome.get("status").asText());
    assertEquals("plan", outcome.get("stage").asText());
    assertTrue(outcome.get("message").asText().startsWith(script + ": statement 2 (SELEC 1) failed: "), outcome.toString());
  }

  @Test
  void aScriptThatCannotBeReadAnswersAPlanFailure() throws Exception {
    JsonNode outcome = JSON.readTree(postRun(folder.resolve("missing.sql")).get().body());

    assertEquals("plan", outcome.get("stage").asText());
    assertTrue(outcome.get("message").asText().contains("cannot read the script"), outcome.toString());
  }

  @Test
  void onlyPostRunIsServed() throws Exception {
    HttpResponse<String> get = send("GET", "/run", null);
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    assertEquals(404, send("POST", "/jobs", "{}").statusCode());
    HttpResponse<String> noScript = send("POST", "/run", "{\"file\": \"/tmp/job.sql\"}");
    assertEquals(400, noScript.statusCode());
    assertEquals(400, send("POST", "/run", "not json").statusCode());
    // The server is still serving after all of that.
    assertEquals(405, send("PUT", "/run", "{}").statusCode());
  }
}
