package com.clickstream.runner.lookup;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;

/**
 * The single column a reference table is looked up by, and how a key value becomes text (the Redis key
 * suffix, the file index key). Lookups on anything else are rejected while the job is planned, with
 * the table and the columns named, rather than turning into a scan per event.
 */
public final class LookupKey implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String column;
  private final int index;
  private final RowData.FieldGetter inLookupRow;
  private final RowData.FieldGetter inTableRow;

  private LookupKey(String column, int index, LogicalType type) {
    this.column = column;
    this.index = index;
    this.inLookupRow = RowData.createFieldGetter(type, 0);
    this.inTableRow = RowData.createFieldGetter(type, index);
  }

  /** The key of {@code table}: its one-column PRIMARY KEY, of a string or integer type. */
  public static LookupKey of(String table, ResolvedSchema schema) {
    if (!schema.getColumns().stream().allMatch(Column::isPhysical)) {
      throw new ValidationException("reference table " + table + " cannot have computed or metadata columns");
    }
    List<String> keyColumns = schema.getPrimaryKey().map(key -> key.getColumns()).orElse(List.of());
    if (keyColumns.size() != 1) {
      throw new ValidationException(
          "reference table " + table + " needs a PRIMARY KEY of exactly one column (the lookup key), found " +
              (keyColumns.isEmpty() ? "none" : keyColumns));
    }
    String column = keyColumns.get(0);
    int index = schema.getColumnNames().indexOf(column);
    LogicalType type = schema.getColumn(index).orElseThrow().getDataType().getLogicalType();
    if (!type.is(LogicalTypeFamily.CHARACTER_STRING) && !type.is(LogicalTypeFamily.INTEGER_NUMERIC)) {
      throw new ValidationException(
          "reference table " + table + ": key column `" + column + "` is " + type + "; a lookup key must be a string or an integer");
    }
    return new LookupKey(column, index, type);
  }

  /** Rejects a lookup join that is not on exactly the key column. */
  public void requireJoinedOn(String table, int[][] joinKeys) {
    boolean onKey = joinKeys.length == 1 && joinKeys[0].length == 1 && joinKeys[0][0] == index;
    if (!onKey) {
      throw new ValidationException(
          "reference table " + table + " can only be looked up by its key `" + column + "` (an equality on that one column)");
    }
  }

  /** The text of the key in a lookup key row (the key alone), or null when the key is NULL. */
  public String textOfLookupRow(RowData keyRow) {
    return text(inLookupRow.getFieldOrNull(keyRow));
  }

  /** The text of the key of a whole reference row, or null when it has none. */
  public String textOfTableRow(RowData row) {
    return text(inTableRow.getFieldOrNull(row));
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
