package com.clickstream.runner.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceFileLookupFunctionTest {
  @TempDir Path folder;

  private static RowData key(String zip) {
    return GenericRowData.of(StringData.fromString(zip));
  }

  private ReferenceFileLookupFunction open(Path file, Duration reloadInterval) throws Exception {
    var lookup = new ReferenceFileLookupFunction(
        "zip_codes", file.toUri().toString(), reloadInterval, RedisLookupFunctionTest.zipKey(), JsonRows.decoder());
    lookup.open(new FunctionContext(null));
    return lookup;
  }

  @Test
  void servesRowsByKeyAndSkipsMalformedLines() throws Exception {
    Path file = Files.writeString(folder.resolve("zips.jsonl"), """
        {"zip":"10001","city":"New York","median_income":72000}
        {broken
        {"city":"no key"}

        {"zip":"94103","city":"San Francisco","median_income":104000}
        """);
    var lookup = open(file, Duration.ofMinutes(10));

    assertEquals("San Francisco", lookup.lookup(key("94103")).iterator().next().getString(1).toString());
    assertEquals(72000L, lookup.lookup(key("10001")).iterator().next().getLong(2));
    assertTrue(lookup.lookup(key("00000")).isEmpty());
  }

  @Test
  void readsTheFileAgainAfterTheReloadInterval() throws Exception {
    Path file = Files.writeString(folder.resolve("zips.jsonl"), "{\"zip\":\"10001\",\"city\":\"New York\",\"median_income\":1}\n");
    var lookup = open(file, Duration.ofMillis(200));
    Files.writeString(file, "{\"zip\":\"10001\",\"city\":\"New York\",\"median_income\":2}\n");
    Thread.sleep(300);

    assertEquals(2L, lookup.lookup(key("10001")).iterator().next().getLong(2));
  }

  @Test
  void aMissingFileFailsTheStartWithItsPathNamed() {
    Path missing = folder.resolve("nowhere.jsonl");
    IOException error = assertThrows(IOException.class, () -> open(missing, Duration.ofMinutes(1)));
    assertTrue(error.getMessage().contains("reference table zip_codes: cannot read " + missing.toUri()), error.getMessage());
  }
}
