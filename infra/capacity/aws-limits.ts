/**
 * The documented AWS limits the capacity model sizes against. Each carries where AWS says so; they
 * change rarely, and when they do the source is where to look.
 */
export const AWS_LIMITS = {
  kinesis: {
    /** "A shard supports 1 MB/s and 1000 records per second for writes and 2 MB/s for reads" (both capacity modes). */
    shardWriteRecordsPerSecond: 1_000,
    shardWriteBytesPerSecond: 1_048_576,
    /** Shared by every polling consumer of the shard, with 5 GetRecords calls per second. */
    shardReadBytesPerSecond: 2_097_152,
    shardGetRecordsPerSecond: 5,
    /** Enhanced fan-out: each registered consumer gets its own 2 MiB/s per shard; at most 20 per stream. */
    efoConsumerBytesPerSecond: 2_097_152,
    efoConsumersPerStream: 20,
    maxRecordBytes: 1_048_576,
    source: 'https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html',
  },
  managedFlink: {
    /** 1 KPU = 1 vCPU and 4 GB of memory (and 50 GB of running application storage). */
    kpuVcpus: 1,
    kpuStorageGb: 50,
    /** Every application is charged one more KPU, for orchestration. */
    orchestrationKpusPerApplication: 1,
    /** ParallelismPerKPU: default 1, at most 8; KPUs per application: 64 by default. */
    defaultParallelismPerKpu: 1,
    maxKpusPerApplication: 64,
    source: 'https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html',
  },
  lambda: {
    /** Kinesis event source: one concurrent batch per shard, times the ParallelizationFactor (at most 10). */
    maxParallelizationFactor: 10,
    /** Concurrent executions per account and region, by default. */
    defaultAccountConcurrency: 1_000,
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html',
  },
  dynamodb: {
    /** One write request unit writes an item of up to 1 KB. */
    writeUnitBytes: 1_024,
    /** A partition takes 1,000 write units per second. */
    partitionWriteUnitsPerSecond: 1_000,
    /** Default per-table on-demand throughput quota (raised through Service Quotas). */
    defaultTableWriteUnitsPerSecond: 40_000,
    /** Storage is billed on each item's data plus 100 bytes of overhead. */
    itemOverheadBytes: 100,
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html',
  },
  elasticache: {
    /** Serverless: reads and writes cost 1 ECPU per KB transferred. */
    ecpuBytes: 1_024,
    /** Serverless bills at least 100 MB of data stored for Valkey (1 GB for Redis OSS); the CDK app runs Valkey. */
    minimumStoredGb: 0.1,
    source: 'https://aws.amazon.com/elasticache/pricing/',
  },
} as const;

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3_600;
