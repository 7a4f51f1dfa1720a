package com.clickstream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  private static List<String> texts(String script) {
    return SqlScript.split(script).stream().map(SqlScript.Statement::text).toList();
  }

  @Test
  void splitsOnSemicolonsBetweenStatements() {
    assertEquals(List.of("SET 'a' = 'b'", "CREATE TABLE `t` (`x` INT)"), texts("SET 'a' = 'b';\n\nCREATE TABLE `t` (`x` INT);\n"));
  }

  @Test
  void keepsSemicolonsInsideStringsAndIdentifiers() {
    String statement = "SELECT 'a;b', 'it''s; fine', `c;d`, `e``;f` FROM `t`";
    assertEquals(List.of(statement), texts(statement + ";"));
  }

  @Test
  void keepsAStatementSetWholeWithTheInsertsInside() {
    String set = "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `a` SELECT 1;\n\nINSERT INTO `b` SELECT ';';\nEND";
    assertEquals(List.of("SET 'k' = 'v'", set), texts("SET 'k' = 'v';\n\n" + set + ";\n"));
  }

  @Test
  void anInsertEndingInAnUnquotedWordThatEndsWithEndDoesNotCloseTheSet() {
    String set = "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT window_end FROM t GROUP BY window_end;\nEND";
    assertEquals(List.of(set), texts(set + ";\n"));
  }

  @Test
  void numbersStatementsFromOneAndIgnoresBlankTails() {
    List<SqlScript.Statement> statements = SqlScript.split("SET 'a' = 'b';\n\n  \n");
    assertEquals(1, statements.size());
    assertEquals(1, statements.get(0).number());
    assertEquals("SET 'a' = 'b'", statements.get(0).firstLine());
  }
}
