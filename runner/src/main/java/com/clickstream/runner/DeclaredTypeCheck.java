package com.clickstream.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeUtils;

/**
 * Checks that every INSERT's query computes exactly the column types its table declares.
 *
 * <p>Flink's planner accepts an INSERT whose query type only casts implicitly to the table's (a
 * BIGINT written into a DOUBLE column), so a job whose compiler declared DOUBLE for a division
 * that Flink computes on BIGINTs passes planning and silently loses the fraction. The compiler
 * declares each sink column's type from the DSL's own typing, so any difference here is a wrong
 * declaration: it fails {@code explain} naming the table, the column and both types.
 *
 * <p>Nullability is not compared (Flink's sources are nullable whatever the DSL knows of a value),
 * nor time attributes (a rowtime column is an ordinary timestamp once written), nor the length of
 * a character string (CHAR(3), VARCHAR(4) and STRING are all written as a JSON string).
 */
final class DeclaredTypeCheck {
  private DeclaredTypeCheck() {}

  /** The mismatches of every INSERT in {@code statementSet} (an {@code EXECUTE STATEMENT SET} statement). */
  static List<String> mismatches(TableEnvironment tableEnv, String statementSet) {
    List<String> found = new ArrayList<>();
    for (Operation operation : ((TableEnvironmentInternal) tableEnv).getParser().parse(statementSet)) {
      List<ModifyOperation> inserts = operation instanceof StatementSetOperation
          ? ((StatementSetOperation) operation).getOperations()
          : operation instanceof ModifyOperation ? List.of((ModifyOperation) operation) : List.of();
      for (ModifyOperation insert : inserts) {
        if (insert instanceof SinkModifyOperation) found.addAll(mismatches((SinkModifyOperation) insert));
      }
    }
    return found;
  }

  private static List<String> mismatches(SinkModifyOperation insert) {
    List<String> found = new ArrayList<>();
    ResolvedSchema table = insert.getContextResolvedTable().getResolvedSchema();
    ResolvedSchema query = insert.getChild().getResolvedSchema();
    List<Column> written = table.getColumns().stream().filter(Column::isPhysical).collect(Collectors.toList());
    if (written.size() != query.getColumnCount()) return found; // The planner reports a count mismatch itself.
    for (int i = 0; i < written.size(); i++) {
      LogicalType declared = comparable(written.get(i).getDataType().getLogicalType());
      LogicalType computed = comparable(query.getColumnDataTypes().get(i).getLogicalType());
      if (!declared.equals(computed)) {
        found.add(String.format(
            "%s.%s: the query computes %s, the table declares %s",
            insert.getContextResolvedTable().getIdentifier().getObjectName(), written.get(i).getName(), computed.asSummaryString(), declared.asSummaryString()));
      }
    }
    return found;
  }

  private static LogicalType comparable(LogicalType type) {
    LogicalType plain = LogicalTypeUtils.removeTimeAttributes(type).copy(true);
    // A literal 'abc' is CHAR(3) and a CASE of literals VARCHAR(n); each is written as the same JSON string.
    return plain.is(LogicalTypeFamily.CHARACTER_STRING) ? new VarCharType(true, VarCharType.MAX_LENGTH) : plain;
  }
}
