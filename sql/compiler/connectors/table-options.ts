/** A table's `WITH` options as key/value pairs, in the order they are printed, so output is deterministic. */
export type TableOptions = readonly (readonly [string, string])[];
