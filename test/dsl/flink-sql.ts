import { clicks } from '../../jobs/sources.js';
import { eventFeatures, flinkSql, t } from '../../sql/index.js';

/** The escape hatch on the runner: a Flink function the DSL has no construct for, over a column and a constant. */
export const slashes = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({
    event_id: c.event_id,
    // How deep a page is: the number of '/' in its path.
    path_depth: flinkSql(t.nullable(t.int()))`CHAR_LENGTH(REGEXP_REPLACE(${c.url}, ${'[^/]'}, ''))`,
    is_long_url: flinkSql(t.nullable(t.boolean()))`CHAR_LENGTH(${c.url}) > ${20}`,
  }),
});

/** The same expression declared with a type Flink does not compute (CHAR_LENGTH is an INT). */
export const mistyped = eventFeatures({
  from: clicks,
  partitionBy: 'user_id',
  select: (c) => ({ event_id: c.event_id, path_depth: flinkSql(t.nullable(t.string()))`CHAR_LENGTH(REGEXP_REPLACE(${c.url}, '[^/]', ''))` }),
});
