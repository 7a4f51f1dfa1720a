/**
 * The Open Inference Protocol v2 request body for this model, as zod schemas: one FP32/FP64 input
 * tensor named `features` of shape [rows, features], its data flat (row-major) or nested.
 */
import { z } from 'zod';

export const tensorSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()).min(1),
  datatype: z.string().min(1),
  parameters: z.record(z.string(), z.unknown()).optional(),
  data: z.array(z.unknown()),
});

export const inferenceRequestSchema = z.object({
  id: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  inputs: z.array(tensorSchema).min(1, 'inputs must hold the `features` tensor'),
  outputs: z.array(z.object({ name: z.string() })).optional(),
});

export type InferenceRequest = z.infer<typeof inferenceRequestSchema>;

export interface InferenceResponse {
  readonly model_name: string;
  readonly model_version: string;
  readonly id?: string;
  readonly outputs: readonly { readonly name: string; readonly shape: readonly number[]; readonly datatype: 'FP64'; readonly data: readonly number[] }[];
}

export class BadInferenceRequest extends Error {}

/** The feature rows of a request, or a BadInferenceRequest saying exactly what is wrong. */
export function featureRows(request: InferenceRequest, featureCount: number): number[][] {
  const tensor = request.inputs.find((input) => input.name === 'features');
  if (tensor === undefined) throw new BadInferenceRequest(`no input named 'features' (got: ${request.inputs.map((input) => input.name).join(', ')})`);
  if (tensor.datatype !== 'FP64' && tensor.datatype !== 'FP32') throw new BadInferenceRequest(`input 'features' must be FP64 or FP32, got ${tensor.datatype}`);
  const [rows, columns] = tensor.shape;
  if (tensor.shape.length !== 2 || rows === undefined || columns !== featureCount) {
    throw new BadInferenceRequest(`input 'features' must have shape [rows, ${featureCount}], got [${tensor.shape.join(', ')}]`);
  }
  const flat = tensor.data.flat(2);
  if (flat.length !== rows * columns) throw new BadInferenceRequest(`input 'features' has shape [${rows}, ${columns}] but ${flat.length} values`);
  const bad = flat.findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
  if (bad >= 0) throw new BadInferenceRequest(`input 'features' value ${bad} is not a finite number: ${JSON.stringify(flat[bad])}`);
  const numbers = flat as number[];
  return Array.from({ length: rows }, (_, row) => numbers.slice(row * columns, (row + 1) * columns));
}
