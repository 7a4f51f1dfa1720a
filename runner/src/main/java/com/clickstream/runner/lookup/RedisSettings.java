package com.clickstream.runner.lookup;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a `redis` reference table lives and how patient its lookups are.
 *
 * @param url redis://host:port[/db], or rediss:// for TLS (ElastiCache in transit encryption)
 * @param password AUTH password, or null
 * @param credentialsSecret Secrets Manager secret with the user name and password, or null
 * @param credentialsSecretEndpoint Secrets Manager endpoint override (local emulator), or null
 * @param keyPrefix prepended to the lookup key to form the Redis key (e.g. "zip:")
 * @param commandTimeout how long one GET may take before it counts as failed
 * @param failureTimeout how long lookups keep retrying an unreachable Redis before the job fails
 * @param cluster a Redis Cluster (ElastiCache Serverless), reached with Lettuce's cluster client
 */
public final class RedisSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String password;
  private final String credentialsSecret;
  private final String credentialsSecretEndpoint;
  private final String keyPrefix;
  private final Duration commandTimeout;
  private final Duration failureTimeout;
  private final boolean cluster;

  public RedisSettings(String url, String password, String credentialsSecret, String credentialsSecretEndpoint, String keyPrefix, Duration commandTimeout, Duration failureTimeout, boolean cluster) {
    this.url = url;
    this.password = password;
    this.credentialsSecret = credentialsSecret;
    this.credentialsSecretEndpoint = credentialsSecretEndpoint;
    this.keyPrefix = keyPrefix;
    this.commandTimeout = commandTimeout;
    this.failureTimeout = failureTimeout;
    this.cluster = cluster;
  }

  public String url() {
    return url;
  }

  public String password() {
    return password;
  }

  public String credentialsSecret() {
    return credentialsSecret;
  }

  public String credentialsSecretEndpoint() {
    return credentialsSecretEndpoint;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  public Duration commandTimeout() {
    return commandTimeout;
  }

  public Duration failureTimeout() {
    return failureTimeout;
  }

  /** A Redis Cluster (keys on several nodes, MOVED redirects) rather than one server. */
  public boolean cluster() {
    return cluster;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) return true;
    if (!(other instanceof RedisSettings)) return false;
    RedisSettings that = (RedisSettings) other;
    return Objects.equals(url, that.url)
        && Objects.equals(password, that.password)
        && Objects.equals(credentialsSecret, that.credentialsSecret)
        && Objects.equals(credentialsSecretEndpoint, that.credentialsSecretEndpoint)
        && Objects.equals(keyPrefix, that.keyPrefix)
        && Objects.equals(commandTimeout, that.commandTimeout)
        && Objects.equals(failureTimeout, that.failureTimeout)
        && cluster == that.cluster;
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, password, credentialsSecret, credentialsSecretEndpoint, keyPrefix, commandTimeout, failureTimeout, cluster);
  }

  /** The URL without credentials, for messages and logs. */
  public String displayUrl() {
    return url.replaceFirst("//[^@/]*@", "//");
  }
}
