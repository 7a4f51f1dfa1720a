/**
 * Flink column types, each tied to the TypeScript type a row carries in JSON (what the features
 * stream holds and the enricher parses). The `category` drives what a column may be used for: an
 * aggregate like `sum` takes only numeric columns, a window only the event-time timestamp.
 */
export type TypeCategory = 'string' | 'numeric' | 'boolean' | 'timestamp' | 'date';

export interface ColumnType<T, C extends TypeCategory = TypeCategory> {
  /** The Flink SQL type, e.g. `DECIMAL(10, 2)`. */
  readonly sql: string;
  readonly category: C;
  readonly nullable: boolean;
  /** JSON Schema of the value as Flink's JSON format writes it (timestamps as ISO-8601 strings). */
  readonly jsonSchema: Readonly<Record<string, unknown>>;
  /** Phantom: carries T for inference, never set at run time. */
  readonly __value?: T;
}

export type Nullable<CT> = CT extends ColumnType<infer T, infer C> ? ColumnType<T | null, C> : never;

/** The TypeScript value type of a column type. */
export type ValueOf<CT> = CT extends ColumnType<infer T> ? T : never;

/**
 * The category of a value, as far as its TypeScript type tells: numbers are numeric, booleans
 * boolean; a string may be any of the text-like categories.
 */
export type CategoryOf<T> = [NonNullable<T>] extends [number] ? 'numeric' : [NonNullable<T>] extends [boolean] ? 'boolean' : 'string' | 'timestamp' | 'date';

export type NumericType = ColumnType<number | null, 'numeric'>;
export type TimestampType = ColumnType<string | null, 'timestamp'>;

function columnType<T, C extends TypeCategory>(sql: string, category: C, jsonSchema: Record<string, unknown>): ColumnType<T, C> {
  return Object.freeze({ sql, category, nullable: false, jsonSchema: Object.freeze(jsonSchema) });
}

/**
 * Marks a column type as nullable (e.g. a referrer that may be absent); a nullable one stays as it is. The SQL type
 * is the same (Flink source columns are nullable); what changes is the row's TypeScript type (`string | null`, so
 * a job must handle the null) and the output schema (`anyOf: [{ type: 'string' }, { type: 'null' }]`).
 * @example
 * referrer: t.nullable(t.string()),
 * // prints `referrer` STRING
 */
export function nullable<T, C extends TypeCategory>(type: ColumnType<T, C>): ColumnType<T | null, C> {
  if (type.nullable) return type;
  return Object.freeze({ ...type, nullable: true, jsonSchema: Object.freeze({ anyOf: [type.jsonSchema, { type: 'null' }] }) });
}

/** The same type without null (e.g. after COALESCE with a non-null fallback). */
export function nonNullable<T, C extends TypeCategory>(type: ColumnType<T, C>): ColumnType<NonNullable<T>, C> {
  if (!type.nullable) return type as ColumnType<NonNullable<T>, C>;
  const [base] = (type.jsonSchema as { anyOf: Record<string, unknown>[] }).anyOf;
  return Object.freeze({ ...type, nullable: false, jsonSchema: Object.freeze({ ...base }) }) as ColumnType<NonNullable<T>, C>;
}

function checkPrecision(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/**
 * Column type constructors. Example: `{ user_id: t.string(), price: t.nullable(t.double()) }`
 * declares `user_id STRING, price DOUBLE`.
 */
export const t = {
  string: () => columnType<string, 'string'>('STRING', 'string', { type: 'string' }),
  boolean: () => columnType<boolean, 'boolean'>('BOOLEAN', 'boolean', { type: 'boolean' }),
  int: () => columnType<number, 'numeric'>('INT', 'numeric', { type: 'integer' }),
  bigint: () => columnType<number, 'numeric'>('BIGINT', 'numeric', { type: 'integer' }),
  /** FLOAT, a 4-byte float as some producers write; the DSL computes with it as DOUBLE. */
  float: () => columnType<number, 'numeric'>('FLOAT', 'numeric', { type: 'number' }),
  double: () => columnType<number, 'numeric'>('DOUBLE', 'numeric', { type: 'number' }),
  decimal: (precision: number, scale: number) => {
    checkPrecision('DECIMAL precision', precision, 1, 38);
    checkPrecision('DECIMAL scale', scale, 0, precision);
    return columnType<number, 'numeric'>(`DECIMAL(${precision}, ${scale})`, 'numeric', { type: 'number' });
  },
  /** TIMESTAMP_LTZ(precision): an instant, written to JSON as ISO-8601 with a trailing Z. */
  timestampLtz: (precision = 3) => {
    checkPrecision('TIMESTAMP_LTZ precision', precision, 0, 9);
    return columnType<string, 'timestamp'>(`TIMESTAMP_LTZ(${precision})`, 'timestamp', { type: 'string', format: 'date-time' });
  },
  /** TIMESTAMP(precision): a wall-clock time without zone (window bounds are of this type). */
  timestamp: (precision = 3) => {
    checkPrecision('TIMESTAMP precision', precision, 0, 9);
    return columnType<string, 'timestamp'>(`TIMESTAMP(${precision})`, 'timestamp', { type: 'string' });
  },
  date: () => columnType<string, 'date'>('DATE', 'date', { type: 'string', format: 'date' }),
  nullable,
} as const;
