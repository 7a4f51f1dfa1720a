package com.clickstream.runner.lookup;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * The cache user's name and password from a Secrets Manager secret ({@code {"username", "password"}},
 * the shape the CDK app's cache secret has). Lettuce asks on every connect, including each reconnect,
 * so a rotated password is used as soon as the connection is made again; nothing is cached here.
 *
 * <p>AWS credentials come from the SDK's default chain (on Managed Flink, the application's role); the
 * region from the secret's ARN, else the default chain. An endpoint override is for a local emulator,
 * which accepts the emulators' fixed credentials.
 */
final class SecretsManagerCredentials implements RedisCredentialsProvider {
  private static final Pattern ARN_REGION = Pattern.compile("^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerCredentials.class);

  private final String table;
  private final String secretId;
  private final String endpoint;

  SecretsManagerCredentials(String table, String secretId, String endpoint) {
    this.table = table;
    this.secretId = secretId;
    this.endpoint = endpoint;
  }

  @Override
  public Mono<RedisCredentials> resolveCredentials() {
    // The SDK call blocks: keep it off Lettuce's event loop.
    return Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic())
        // Lettuce reports only "connection closed" when credentials cannot be had: say why here.
        .doOnError(error -> LOG.warn("{}", error.getMessage()));
  }

  RedisCredentials read() {
    String text;
    try (SecretsManagerClient client = client()) {
      text = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
    } catch (RuntimeException e) {
      throw new IllegalStateException("reference table " + table + ": cannot read the cache credentials from secret " + secretId + ": " + e.getMessage(), e);
    }
    try {
      JsonNode secret = JSON.readTree(text == null ? "" : text);
      String username = secret.path("username").asText("");
      String password = secret.path("password").asText("");
      if (username.isEmpty() || password.isEmpty()) throw new IllegalArgumentException("it has no \"username\" and \"password\"");
      return RedisCredentials.just(username, password);
    } catch (Exception e) {
      throw new IllegalStateException("reference table " + table + ": secret " + secretId + " must be JSON {\"username\", \"password\"}: " + e.getMessage(), e);
    }
  }

  private SecretsManagerClient client() {
    SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
    Matcher arn = ARN_REGION.matcher(secretId);
    if (arn.find()) builder.region(Region.of(arn.group(1)));
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint))
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
      if (!arn.find(0)) builder.region(Region.US_EAST_1);
    }
    return builder.build();
  }
}
