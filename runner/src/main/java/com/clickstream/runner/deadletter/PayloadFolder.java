package com.clickstream.runner.deadletter;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Keeps whole records too large for a dead-letter message, as the producer's and the enricher's payload
 * stores do: one file per record under a folder URI, through Flink's file systems (S3 on Managed Flink).
 */
final class PayloadFolder {
  private final String folder;

  PayloadFolder(String folder) {
    this.folder = folder.endsWith("/") ? folder : folder + "/";
  }

  /** Stores the record and returns its URI. */
  String put(String name, byte[] body) throws IOException {
    Path path = new Path(folder + name);
    try (OutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
      out.write(body);
    }
    return path.toUri().toString();
  }
}
