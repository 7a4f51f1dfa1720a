package com.clickstream.runner.deadletter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each letter to a local file as one JSON line, flushed at once (job tests read it after the run). */
final class FileDestination implements DeadLetterDestination {
  private final Path path;
  private BufferedWriter writer;

  FileDestination(String path) {
    this.path = Path.of(path);
  }

  @Override
  public synchronized void send(DeadLetter letter) throws IOException {
    if (writer == null) writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    writer.write(letter.toJson(null));
    writer.newLine();
    writer.flush();
  }

  @Override
  public synchronized void close() {
    try {
      if (writer != null) writer.close();
    } catch (IOException e) {
      throw new IllegalStateException("cannot close the dead-letter file " + path + ": " + e.getMessage(), e);
    }
  }
}
