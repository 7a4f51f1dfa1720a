package com.clickstream.runner;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Applies a compiled job script to a streaming TableEnvironment: SET options become table
 * configuration, CREATE TABLE statements register tables, and the statement set is either explained
 * (planned, nothing runs) or executed. A failing statement is reported with its number and text.
 */
public final class ScriptExecutor {
  private static final Pattern SET = Pattern.compile("^SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'$", Pattern.DOTALL);
  private static final Pattern STATEMENT_SET = Pattern.compile("^EXECUTE\\s+(STATEMENT\\s+SET\\b.*)$", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

  private final String source;
  private final TableEnvironment tableEnv;

  public ScriptExecutor(String source) {
    this(source, new Configuration());
  }

  /** With extra configuration (checkpointing, restore path) applied before any statement. */
  public ScriptExecutor(String source, Configuration configuration) {
    this(source, TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(configuration).build()));
  }

  /** On a table environment made by the caller (e.g. one that submits to a shared cluster). */
  public ScriptExecutor(String source, TableEnvironment tableEnv) {
    this.source = source;
    this.tableEnv = tableEnv;
  }

  /**
   * Plans every statement on Flink's planner and returns the plan of the statement set; fails when
   * a query computes a column type other than its table declares ({@link DeclaredTypeCheck}).
   */
  public String explain(List<SqlScript.Statement> statements) {
    StringBuilder plans = new StringBuilder();
    for (SqlScript.Statement statement : statements) {
      Matcher statementSet = STATEMENT_SET.matcher(statement.text());
      if (statementSet.matches()) {
        plans.append(apply(statement, () -> explainResult(tableEnv.executeSql("EXPLAIN " + statementSet.group(1)))));
        checkDeclaredTypes(statement);
      } else {
        applySetupStatement(statement);
      }
    }
    return plans.toString();
  }

  /** Executes the script, checking its declared types first as {@code explain} does; returns the result of its statement set (a running job). */
  public TableResult execute(List<SqlScript.Statement> statements) {
    TableResult result = null;
    for (SqlScript.Statement statement : statements) {
      if (STATEMENT_SET.matcher(statement.text()).matches()) {
        checkDeclaredTypes(statement);
        result = apply(statement, () -> tableEnv.executeSql(statement.text()));
      } else {
        applySetupStatement(statement);
      }
    }
    if (result == null) throw new IllegalArgumentException(source + ": the script has no EXECUTE STATEMENT SET");
    return result;
  }

  /** Fails the statement set when a query computes a column type other than its table declares ({@link DeclaredTypeCheck}). */
  private void checkDeclaredTypes(SqlScript.Statement statement) {
    List<String> mismatches = apply(statement, () -> DeclaredTypeCheck.mismatches(tableEnv, statement.text()));
    if (!mismatches.isEmpty()) {
      throw new ScriptFailure(source, statement, new IllegalStateException(
          "a column's declared type is not the type Flink computes (a compiler typing defect): " + String.join("; ", mismatches)));
    }
  }

  private static String explainResult(TableResult result) {
    StringBuilder plan = new StringBuilder();
    try (var rows = result.collect()) {
      rows.forEachRemaining(row -> plan.append(row.getField(0)).append('\n'));
    } catch (Exception e) {
      throw new IllegalStateException("could not read the plan: " + e.getMessage(), e);
    }
    return plan.toString();
  }

  private void applySetupStatement(SqlScript.Statement statement) {
    Matcher set = SET.matcher(statement.text());
    if (set.matches()) {
      String key = set.group(1).replace("''", "'");
      String value = set.group(2).replace("''", "'");
      apply(statement, () -> {
        tableEnv.getConfig().getConfiguration().setString(key, value);
        return null;
      });
    } else {
      apply(statement, () -> tableEnv.executeSql(statement.text()));
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  private <T> T apply(SqlScript.Statement statement, Step<T> step) {
    try {
      return step.run();
    } catch (Exception e) {
      throw new ScriptFailure(source, statement, e);
    }
  }
}
