import type { Job } from '../dsl/job-kinds.js';

/**
 * The JSON Schema (2020-12) of a job's output rows, as they appear on the features stream. The
 * enricher validates records against it, so a renamed feature breaks its schema check.
 */
export function outputJsonSchema(job: Job, jobName: string): Record<string, unknown> {
  const properties = Object.fromEntries(job.outputColumns.map(([name, type]) => [name, type.jsonSchema]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: jobName,
    type: 'object',
    // Feature rows name their job, so a consumer of a shared stream can tell them apart.
    properties: 'feature_set' in properties ? { ...properties, feature_set: { const: jobName } } : properties,
    required: job.outputColumns.filter(([, type]) => !type.nullable).map(([name]) => name),
    additionalProperties: false,
  };
}
