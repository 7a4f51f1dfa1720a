/**
 * On-demand list prices in us-east-1 the cost estimate uses, gathered 2026-11 (USD). AWS's pricing
 * pages render their tables in the browser, so some figures come from pages quoting them; each says
 * where. Prices change: `npm run capacity -- --prices FILE` replaces any of them (same shape, partial).
 */
import { z } from 'zod';

const price = z.number().nonnegative();

export const awsPricesSchema = z.strictObject({
  region: z.string().default('us-east-1'),
  kinesis: z
    .strictObject({
      // Provisioned: $0.015 per shard-hour, $0.014 per million 25 KB PUT payload units; enhanced fan-out
      // $0.015 per consumer-shard-hour and $0.013 per GB (aws.amazon.com/kinesis/data-streams/pricing).
      shardHour: price.default(0.015),
      millionPutPayloadUnits: price.default(0.014),
      efoConsumerShardHour: price.default(0.015),
      efoGbRetrieved: price.default(0.013),
      // On-demand Standard: $0.04 per stream-hour, $0.08 per GB ingested (records rounded up to 1 KB),
      // $0.05 per GB read by enhanced fan-out (AWS Big Data Blog, On-demand Advantage, 2026-03).
      onDemandStreamHour: price.default(0.04),
      onDemandGbIngested: price.default(0.08),
      onDemandEfoGbRetrieved: price.default(0.05),
    })
    .prefault({}),
  managedFlink: z
    .strictObject({
      // $0.11 per KPU-hour, $0.10 per GB-month of running application storage (AWS pricing page examples).
      kpuHour: price.default(0.11),
      storageGbMonth: price.default(0.1),
    })
    .prefault({}),
  lambda: z
    .strictObject({
      // $0.20 per million requests; $0.0000133334 per GB-second on arm64 (first tier).
      millionRequests: price.default(0.2),
      gbSecondArm: price.default(0.0000133334),
    })
    .prefault({}),
  dynamodb: z
    .strictObject({
      // On-demand $0.625 per million write request units (after the 2024-11 reduction); provisioned
      // $0.00065 per WCU-hour; $0.25 per GB-month of storage (Standard table class); point-in-time
      // recovery $0.20 per GB-month of table size.
      millionWriteRequestUnits: price.default(0.625),
      wcuHour: price.default(0.00065),
      storageGbMonth: price.default(0.25),
      pitrGbMonth: price.default(0.2),
    })
    .prefault({}),
  elasticache: z
    .strictObject({
      // Serverless Valkey: $0.0023 per million ECPUs and $0.084 per GB-hour (third-party quotes of the pricing page).
      millionEcpus: price.default(0.0023),
      gbHour: price.default(0.084),
    })
    .prefault({}),
  fargate: z
    .strictObject({
      // Linux/ARM: $0.03238 per vCPU-hour and $0.00356 per GB-hour.
      vcpuHour: price.default(0.03238),
      gbHour: price.default(0.00356),
    })
    .prefault({}),
});

export type AwsPrices = z.infer<typeof awsPricesSchema>;

export const DEFAULT_AWS_PRICES: AwsPrices = awsPricesSchema.parse({});
