/** `SET 'key' = 'value';`: a job-level configuration such as state TTL or checkpointing. */
export interface SetOptionNode {
  readonly kind: 'SetOptionNode';
  readonly key: string;
  readonly value: string;
}

export function setOptionNode(key: string, value: string): SetOptionNode {
  return Object.freeze({ kind: 'SetOptionNode', key, value });
}
