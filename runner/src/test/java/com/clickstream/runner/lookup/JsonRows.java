package com.clickstream.runner.lookup;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonRowDataDeserializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/** The zip-code reference rows the tests look up, decoded as the `json` format would. */
final class JsonRows {
  private JsonRows() {}

  static final DataType ZIP_ROW = DataTypes.ROW(
      DataTypes.FIELD("zip", DataTypes.STRING().notNull()),
      DataTypes.FIELD("city", DataTypes.STRING()),
      DataTypes.FIELD("median_income", DataTypes.BIGINT()));

  static DeserializationSchema<RowData> decoder() {
    RowType rowType = (RowType) ZIP_ROW.getLogicalType();
    return new JsonRowDataDeserializationSchema(rowType, InternalTypeInfo.of(rowType), false, false, TimestampFormat.ISO_8601);
  }
}
