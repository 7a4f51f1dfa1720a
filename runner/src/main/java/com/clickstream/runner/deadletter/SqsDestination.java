package com.clickstream.runner.deadletter;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends each letter to an SQS queue, synchronously: poison records are rare, and a letter that cannot be
 * sent (after the SDK's retries) fails the job rather than being lost; the job then restarts from its
 * checkpoint and reads the record again. A letter over SQS's 262,144-byte message limit (Amazon SQS
 * Developer Guide, "Amazon SQS message quotas") keeps its record in the payload folder and points at it.
 */
final class SqsDestination implements DeadLetterDestination {
  static final int MAX_MESSAGE_BYTES = 262_144;

  private final String queueUrl;
  private final PayloadFolder payloads;
  private final SqsClient client;

  SqsDestination(String queueUrl, String region, String endpoint, PayloadFolder payloads) {
    this.queueUrl = queueUrl;
    this.payloads = payloads;
    SqsClientBuilder builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint)).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
      builder.region(Region.of(region != null ? region : "us-east-1"));
    } else if (region != null) {
      builder.region(Region.of(region));
    }
    this.client = builder.build();
  }

  @Override
  public void send(DeadLetter letter) throws IOException {
    String body = letter.toJson(null);
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
      if (payloads == null) throw new IOException("a dead letter of job " + letter.job + " is over SQS's " + MAX_MESSAGE_BYTES + "-byte limit and the table has no 'dead-letter.payloads' folder for its record");
      String name = letter.job + "/" + letter.stream + "-" + letter.shardId + "-" + letter.sequenceNumber + "-" + letter.sha256().substring(0, 12);
      body = letter.toJson(payloads.put(name, letter.record));
    }
    try {
      client.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body).build());
    } catch (SdkException e) {
      throw new IOException("cannot send a dead letter of job " + letter.job + " to " + queueUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
