package com.clickstream.runner.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A `redis` table whose user and password come from Secrets Manager, against a real redis-server
 * with ACL users (the default user switched off, as on the CDK app's Valkey) and the local Secrets
 * Manager (moto) whose address npm test passes as -Dsecretsmanager.endpoint. The password is
 * rotated mid-test: after the server drops the connection, the reconnect reads the new one.
 */
class RedisCredentialsSecretTest {
  private static final String ROW = "{\"zip\":\"10001\",\"city\":\"New York\",\"median_income\":72000}";
  @TempDir Path folder;
  private RedisServer redis;
  private RedisLookupFunction lookup;
  private SecretsManagerClient secrets;
  private String endpoint;

  @BeforeEach
  void start() throws Exception {
    endpoint = System.getProperty("secretsmanager.endpoint", "");
    if (endpoint.isEmpty()) {
      throw new IllegalStateException("no Secrets Manager to test against: run through npm test (test/integration/runner-junit.test.ts), or pass -Dsecretsmanager.endpoint=http://127.0.0.1:<port> of `npm run services -- up`");
    }
    secrets = SecretsManagerClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    redis = new RedisServer(folder).start();
    // As on the CDK app's cache: an admin to load data, a read-only pipeline user, the default user off.
    admin(null, "ACL", "SETUSER", "admin", "on", ">admin-pass", "~*", "+@all");
    admin(null, "ACL", "SETUSER", "pipeline", "on", ">first-pass", "~*", "-@all", "+@read", "+@connection");
    admin(null, "ACL", "SETUSER", "default", "off");
    admin("admin-pass", "SET", "zip:10001", ROW);
  }

  @AfterEach
  void stop() throws Exception {
    if (lookup != null) lookup.close();
    if (redis != null) redis.close();
    if (secrets != null) secrets.close();
  }

  /** One command as the admin user (or the default user while it is still on). */
  private void admin(String password, String... command) {
    RedisURI uri = RedisURI.create(redis.url());
    if (password != null) uri.setCredentialsProvider(() -> Mono.just(RedisCredentials.just("admin", password)));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
      for (int i = 1; i < command.length; i++) args.add(command[i]);
      connection.sync().dispatch(CommandType.valueOf(command[0]), new NestedMultiOutput<>(StringCodec.UTF8), args);
    } finally {
      client.shutdown();
    }
  }

  private String secret(String value) {
    return secrets.createSecret(b -> b.name("cache-" + UUID.randomUUID()).secretString(value)).arn();
  }

  private void open(String secretArn, Duration failureTimeout) throws Exception {
    RedisSettings settings = new RedisSettings(redis.url(), null, secretArn, endpoint, "zip:", Duration.ofMillis(300), failureTimeout, false);
    lookup = new RedisLookupFunction("zip_codes", settings, RedisLookupFunctionTest.zipKey(), JsonRows.decoder());
    lookup.open(new FunctionContext(null));
  }

  private String cityOf(String zip) throws Exception {
    RowData row = lookup.asyncLookup(GenericRowData.of(StringData.fromString(zip))).get(20, TimeUnit.SECONDS).iterator().next();
    return row.getString(1).toString();
  }

  @Test
  void looksUpAsTheSecretsUserAndReadsTheRotatedPasswordOnReconnect() throws Exception {
    String arn = secret("{\"username\":\"pipeline\",\"password\":\"first-pass\"}");
    open(arn, Duration.ofSeconds(15));
    assertEquals("New York", cityOf("10001"));

    // Rotation: the new password in the cache and the secret, then the server drops the user's connections.
    admin("admin-pass", "ACL", "SETUSER", "pipeline", "resetpass", ">second-pass");
    secrets.putSecretValue(b -> b.secretId(arn).secretString("{\"username\":\"pipeline\",\"password\":\"second-pass\"}"));
    admin("admin-pass", "CLIENT", "KILL", "USER", "pipeline");

    assertEquals("New York", cityOf("10001"));
  }

  @Test
  void aSecretWithoutAPasswordFailsTheTableNamingTheSecret() throws Exception {
    String arn = secret("{\"username\":\"pipeline\"}");
    // Checked before the first connect: a secret of the wrong shape does not fix itself by retrying.
    IllegalStateException failure = assertThrows(IllegalStateException.class, () -> open(arn, Duration.ofSeconds(5)));
    assertTrue(failure.getMessage().contains("reference table zip_codes"), failure.getMessage());
    assertTrue(failure.getMessage().contains("secret " + arn + " must be JSON {\"username\", \"password\"}"), failure.getMessage());
  }
}
