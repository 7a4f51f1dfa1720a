package com.clickstream.runner.jobtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job test kit's HTTP front: {@code POST /run} with {@code {"script": "/abs/path/job.sql"}} runs
 * that script on the shared cluster and answers, once the job has ended, with its
 * {@link JobTestOutcome} (200 whether the job finished or failed). Loopback only, on a free port.
 */
public final class JobTestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobTestServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Tests that run at once; each waits on its own job, so a thread per running test. */
  private static final int CONCURRENT_RUNS = 4;

  private final HttpServer server;
  private final ExecutorService threads;
  private final JobTestRunner runner;

  private JobTestServer(HttpServer server, ExecutorService threads, JobTestRunner runner) {
    this.server = server;
    this.threads = threads;
    this.runner = runner;
  }

  /** Starts serving jobs to the cluster whose REST endpoint is at host:port. */
  public static JobTestServer start(String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT_RUNS);
    JobTestServer testServer = new JobTestServer(server, threads, new JobTestRunner(host, port));
    server.createContext("/", testServer::serve);
    server.setExecutor(threads);
    server.start();
    return testServer;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Whatever happens in one exchange stays in it: the server goes on serving the others. */
  private void serve(HttpExchange exchange) {
    try {
      handle(exchange);
    } catch (IOException e) {
      // The caller went away (its own timeout, say): nobody is left to answer.
      LOG.info("job test server: could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
    } catch (RuntimeException | Error e) {
      LOG.warn("job test server: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      try {
        respond(exchange, 500, "text/plain", "internal error: " + e);
      } catch (IOException | RuntimeException ignored) {
        // Already answered, or the caller is gone.
      }
    } finally {
      exchange.close();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.equals("/run")) {
      respond(exchange, 404, "text/plain", "no such path: " + path + " (the job test server serves POST /run)");
      return;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      respond(exchange, 405, "text/plain", exchange.getRequestMethod() + " /run: use POST");
      return;
    }
    String script = scriptOf(exchange.getRequestBody());
    if (script == null) {
      respond(exchange, 400, "text/plain", "POST /run: expected a JSON body {\"script\": \"/abs/path/job.sql\"}");
      return;
    }
    respond(exchange, 200, "application/json", runner.run(script).toJson());
  }

  private static String scriptOf(InputStream body) throws IOException {
    JsonNode request;
    try {
      request = JSON.readTree(body.readAllBytes());
    } catch (org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
    JsonNode script = request == null ? null : request.get("script");
    return script != null && script.isTextual() ? script.textValue() : null;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops listening and the request threads; jobs still running stay on the cluster until it closes. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
