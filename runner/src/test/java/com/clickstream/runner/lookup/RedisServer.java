package com.clickstream.runner.lookup;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real redis-server (the Debian package the project installs) on a free port, killable on demand. */
final class RedisServer implements AutoCloseable {
  final int port;
  private final Path folder;
  private Process process;

  RedisServer(Path folder) throws IOException {
    this.folder = folder;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  RedisServer start() throws Exception {
    process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", folder.toString())
        .redirectErrorStream(true).redirectOutput(folder.resolve("redis-" + port + ".log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return this;
      } catch (IOException notYet) {
        if (!process.isAlive()) throw new IllegalStateException("redis-server exited: see " + folder);
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
  }

  /** kill -9: the server disappears mid-conversation, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) kill();
  }
}
