package com.clickstream.runner.lookup;

/** A Redis reference table could not be read within its failure timeout. */
public final class RedisLookupFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RedisLookupFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
