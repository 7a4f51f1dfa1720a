package com.clickstream.runner.lookup;

import java.io.Serializable;
import java.time.Duration;

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
 */
public record RedisSettings(String url, String password, String credentialsSecret, String credentialsSecretEndpoint, String keyPrefix, Duration commandTimeout, Duration failureTimeout)
    implements Serializable {

  /** The URL without credentials, for messages and logs. */
  public String displayUrl() {
    return url.replaceFirst("//[^@/]*@", "//");
  }
}
