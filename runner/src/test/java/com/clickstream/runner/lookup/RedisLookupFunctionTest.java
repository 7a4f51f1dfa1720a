package com.clickstream.runner.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisLookupFunctionTest {
  @TempDir Path folder;
  private RedisServer redis;
  private RedisLookupFunction lookup;

  static LookupKey zipKey() {
    ResolvedSchema schema = new ResolvedSchema(
        List.of(
            Column.physical("zip", DataTypes.STRING().notNull()),
            Column.physical("city", DataTypes.STRING()),
            Column.physical("median_income", DataTypes.BIGINT())),
        List.of(), UniqueConstraint.primaryKey("pk", List.of("zip")));
    return LookupKey.of("zip_codes", schema);
  }

  private RedisLookupFunction open(Duration failureTimeout) throws Exception {
    RedisSettings settings = new RedisSettings(redis.url(), null, null, null, "zip:", Duration.ofMillis(300), failureTimeout, false);
    lookup = new RedisLookupFunction("zip_codes", settings, zipKey(), JsonRows.decoder());
    lookup.open(new FunctionContext(null));
    return lookup;
  }

  private void set(String key, String value) {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().set(key, value);
    } finally {
      client.shutdown();
    }
  }

  private static RowData key(String zip) {
    return GenericRowData.of(StringData.fromString(zip));
  }

  private static Collection<RowData> await(CompletableFuture<Collection<RowData>> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (lookup != null) lookup.close();
    if (redis != null) redis.close();
  }

  @Test
  void findsTheRowStoredAtPrefixPlusKeyAndNothingForAMissingKey() throws Exception {
    redis = new RedisServer(folder).start();
    set("zip:10001", "{\"zip\":\"10001\",\"city\":\"New York\",\"median_income\":72000}");
    open(Duration.ofSeconds(5));

    RowData row = await(lookup.asyncLookup(key("10001"))).iterator().next();
    assertEquals("New York", row.getString(1).toString());
    assertEquals(72000L, row.getLong(2));
    assertTrue(await(lookup.asyncLookup(key("99999"))).isEmpty());
  }

  @Test
  void aMalformedValueIsNoMatchInsteadOfAFailedJob() throws Exception {
    redis = new RedisServer(folder).start();
    set("zip:10002", "{not json");
    open(Duration.ofSeconds(5));

    assertTrue(await(lookup.asyncLookup(key("10002"))).isEmpty());
  }

  @Test
  void aLookupWaitsOutAShortRedisOutageAndThenAnswers() throws Exception {
    redis = new RedisServer(folder).start();
    set("zip:10001", "{\"zip\":\"10001\",\"city\":\"New York\",\"median_income\":72000}");
    open(Duration.ofSeconds(15));
    redis.kill();

    CompletableFuture<Collection<RowData>> pending = lookup.asyncLookup(key("10001"));
    Thread.sleep(500);
    // The data is gone with the killed process (no persistence), so the restarted server answers "missing":
    // the point is that the lookup completes after the outage instead of failing or hanging.
    redis.start();
    assertTrue(await(pending).isEmpty());
    set("zip:10001", "{\"zip\":\"10001\",\"city\":\"New York\",\"median_income\":72000}");
    assertEquals(1, await(lookup.asyncLookup(key("10001"))).size());
  }

  @Test
  void aLookupFailsWithTheTableAndServerNamedWhenRedisStaysDown() throws Exception {
    redis = new RedisServer(folder).start();
    open(Duration.ofSeconds(1));
    redis.kill();

    long started = System.nanoTime();
    ExecutionException failure = assertThrows(ExecutionException.class, () -> await(lookup.asyncLookup(key("10001"))));
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertInstanceOf(RedisLookupFailure.class, failure.getCause());
    String message = failure.getCause().getMessage();
    assertTrue(message.contains("reference table zip_codes"), message);
    assertTrue(message.contains(redis.url()), message);
    assertTrue(message.contains("did not answer for 1 s"), message);
    assertTrue(waitedMillis < 10_000, "gave up after " + waitedMillis + " ms");
  }

  @Test
  void startingAgainstADeadServerFailsWithTheServerNamed() throws Exception {
    redis = new RedisServer(folder);
    RedisSettings settings = new RedisSettings(redis.url(), null, null, null, "zip:", Duration.ofMillis(300), Duration.ofMillis(500), false);
    lookup = new RedisLookupFunction("zip_codes", settings, zipKey(), JsonRows.decoder());
    RedisLookupFailure failure = assertThrows(RedisLookupFailure.class, () -> lookup.open(new FunctionContext(null)));
    assertTrue(failure.getMessage().contains(redis.url()), failure.getMessage());
  }

  @Test
  void aTableWithoutAOneColumnKeyIsRejectedNamingTheTable() {
    ResolvedSchema noKey = ResolvedSchema.of(Column.physical("zip", DataTypes.STRING()));
    var error = assertThrows(org.apache.flink.table.api.ValidationException.class, () -> LookupKey.of("zip_codes", noKey));
    assertTrue(error.getMessage().contains("zip_codes needs a PRIMARY KEY"), error.getMessage());
  }
}
