import { dynamodbService } from './dynamodb-service.js';
import { elasticsearchService } from './elasticsearch-service.js';
import { kinesisService } from './kinesis-service.js';
import type { LocalService } from './local-service.js';
import { redisClusterService } from './redis-cluster-service.js';
import { redisService } from './redis-service.js';
import { s3Service } from './s3-service.js';
import { secretsManagerService } from './secrets-manager-service.js';
import { sqsService } from './sqs-service.js';
import type { ServiceName } from './service-types.js';

/** Every local service by name; a new ServiceName without an entry here is a compile error. */
export const LOCAL_SERVICES: { readonly [N in ServiceName]: LocalService<N> } = {
  elasticsearch: elasticsearchService,
  kinesis: kinesisService,
  dynamodb: dynamodbService,
  redis: redisService,
  'redis-cluster': redisClusterService,
  sqs: sqsService,
  s3: s3Service,
  secretsmanager: secretsManagerService,
};
