package com.clickstream.runner.lookup;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks rows of a reference table up in Redis: one GET of {@code key-prefix + key} per lookup key, the
 * value decoded with the table's format. A missing key is no match (a LEFT JOIN yields NULLs). With
 * {@code 'mode' = 'cluster'} (ElastiCache Serverless) the GETs go through Lettuce's cluster client to
 * the node serving each key's slot; a standalone client there would be answered MOVED.
 *
 * <p>While Redis is unreachable, a lookup retries with exponential backoff (Lettuce reconnects in the
 * background); when Redis has not answered for {@code lookup.failure-timeout}, the lookup fails with a
 * message naming the table and the server, so the job restarts from its last checkpoint rather than
 * hanging silently or emitting rows without their reference data.
 */
public final class RedisLookupFunction extends AsyncLookupFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RedisLookupFunction.class);
  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(50);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);

  private final String table;
  private final RedisSettings settings;
  private final LookupKey key;
  private final DeserializationSchema<RowData> decoder;

  private transient AbstractRedisClient client;
  private transient ClientResources resources;
  private transient StatefulConnection<String, byte[]> connection;
  /** GET on the connection: a standalone server's, or the cluster's (which routes each key to its node). */
  private transient Function<String, CompletionStage<byte[]>> getter;
  private transient AtomicBoolean failing;
  private transient Counter misses;
  private transient Counter retries;
  private transient Counter malformedValues;

  public RedisLookupFunction(String table, RedisSettings settings, LookupKey key, DeserializationSchema<RowData> decoder) {
    this.table = table;
    this.settings = settings;
    this.key = key;
    this.decoder = decoder;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    Decoders.open(decoder, context);
    misses = context.getMetricGroup().counter("redisLookupMisses");
    retries = context.getMetricGroup().counter("redisLookupRetries");
    malformedValues = context.getMetricGroup().counter("redisLookupMalformedValues");
    failing = new AtomicBoolean(false);
    resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(FIRST_RETRY_DELAY, MAX_RETRY_DELAY, 2, TimeUnit.MILLISECONDS))
        .build();
    RedisURI uri = RedisURI.create(settings.url());
    if (settings.password() != null) uri.setPassword(settings.password().toCharArray());
    if (settings.credentialsSecret() != null) {
      SecretsManagerCredentials credentials = new SecretsManagerCredentials(table, settings.credentialsSecret(), settings.credentialsSecretEndpoint());
      // Read once now, so a missing or malformed secret fails the job at start with its name, not as
      // "connection closed" after the failure timeout; each later connect reads it again.
      credentials.read();
      uri.setCredentialsProvider(credentials);
    }
    RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    SocketOptions socket = SocketOptions.builder().connectTimeout(settings.commandTimeout()).build();
    if (settings.cluster()) {
      // A Redis Cluster: Lettuce's cluster client learns which node serves which slots, sends each GET
      // there, follows MOVED and ASK, and refreshes its view when the topology changes.
      RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
      ClusterClientOptions.Builder options = commonOptions(ClusterClientOptions.builder(), socket);
      options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build());
      cluster.setOptions(options.build());
      client = cluster;
      StatefulRedisClusterConnection<String, byte[]> clustered = connectWithinFailureTimeout(() -> cluster.connect(codec));
      connection = clustered;
      getter = key -> clustered.async().get(key);
    } else {
      RedisClient standalone = RedisClient.create(resources, uri);
      standalone.setOptions(commonOptions(ClientOptions.builder(), socket).build());
      client = standalone;
      StatefulRedisConnection<String, byte[]> single = connectWithinFailureTimeout(() -> standalone.connect(codec));
      connection = single;
      getter = key -> single.async().get(key);
    }
  }

  /** What both clients share: reconnect by themselves, time commands out, and refuse them while disconnected. */
  private <B extends ClientOptions.Builder> B commonOptions(B builder, SocketOptions socket) {
    builder
        .autoReconnect(true)
        // While disconnected, fail commands at once so the retry loop below (not an unbounded queue) decides.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .socketOptions(socket);
    return builder;
  }

  private <C> C connectWithinFailureTimeout(Supplier<C> connect) throws InterruptedException {
    long deadline = System.nanoTime() + settings.failureTimeout().toNanos();
    Duration delay = FIRST_RETRY_DELAY;
    while (true) {
      try {
        return connect.get();
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) throw unreachable(e);
        LOG.warn("reference table {}: cannot connect to Redis at {} ({}); retrying", table, settings.displayUrl(), reason(e));
        Thread.sleep(delay.toMillis());
        delay = nextDelay(delay);
      }
    }
  }

  @Override
  public CompletableFuture<Collection<RowData>> asyncLookup(RowData keyRow) {
    String keyText = key.textOfLookupRow(keyRow);
    if (keyText == null) return CompletableFuture.completedFuture(List.of());
    String redisKey = settings.keyPrefix() + keyText;
    return get(redisKey, System.nanoTime() + settings.failureTimeout().toNanos(), FIRST_RETRY_DELAY)
        .thenApply(value -> decode(redisKey, value));
  }

  private CompletableFuture<byte[]> get(String redisKey, long deadline, Duration delay) {
    return getter.apply(redisKey).toCompletableFuture()
        .handle((value, error) -> {
          if (error == null) {
            if (failing.compareAndSet(true, false)) LOG.info("reference table {}: Redis at {} answers again", table, settings.displayUrl());
            return CompletableFuture.completedFuture(value);
          }
          if (System.nanoTime() > deadline) return CompletableFuture.<byte[]>failedFuture(unreachable(error));
          if (failing.compareAndSet(false, true)) {
            LOG.warn("reference table {}: Redis at {} does not answer ({}); lookups retry for up to {}",
                table, settings.displayUrl(), reason(error), settings.failureTimeout());
          }
          retries.inc();
          return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
              .thenCompose(ignored -> get(redisKey, deadline, nextDelay(delay)));
        })
        .thenCompose(future -> future);
  }

  private Collection<RowData> decode(String redisKey, byte[] value) {
    if (value == null) {
      misses.inc();
      return List.of();
    }
    try {
      RowData row = decoder.deserialize(value);
      return row == null ? List.of() : List.of(row);
    } catch (Exception e) {
      // Bad reference data must not stop the stream: the event goes on without it, and it is counted.
      malformedValues.inc();
      LOG.warn("reference table {}: the value of Redis key {} is not a valid row ({}); treated as missing", table, redisKey, reason(e));
      return List.of();
    }
  }

  private RedisLookupFailure unreachable(Throwable cause) {
    return new RedisLookupFailure(
        "reference table " + table + ": Redis at " + settings.displayUrl() + " did not answer for " +
            settings.failureTimeout().toSeconds() + " s (" + reason(cause) + "); failing the job so it restarts from its last checkpoint",
        cause);
  }

  private static Duration nextDelay(Duration delay) {
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : doubled;
  }

  private static String reason(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    while (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().contains("Unable to connect")) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  @Override
  public void close() throws Exception {
    if (connection != null) connection.close();
    if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    if (resources != null) resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
