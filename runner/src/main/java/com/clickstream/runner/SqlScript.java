package com.clickstream.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled job script split into statements. Splits on semicolons outside quoted text
 * ('...', `...`, U&'...') and keeps {@code EXECUTE STATEMENT SET BEGIN ... END;} whole, since the
 * INSERTs inside it end with semicolons of their own.
 */
public final class SqlScript {
  /** One statement, numbered from 1 in script order, without its trailing semicolon. */
  public static final class Statement {
    private final int number;
    private final String text;

    public Statement(int number, String text) {
      this.number = number;
      this.text = text;
    }

    public int number() {
      return number;
    }

    public String text() {
      return text;
    }

    public String firstLine() {
      int newline = text.indexOf('\n');
      return newline < 0 ? text : text.substring(0, newline);
    }
  }

  private SqlScript() {}

  public static List<Statement> split(String script) {
    List<Statement> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      current.append(c);
      if (quote != 0) {
        if (c == quote) {
          // A doubled quote is an escaped quote inside the same token.
          if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
            current.append(quote);
            i++;
          } else {
            quote = 0;
          }
        }
        continue;
      }
      if (c == '\'' || c == '`') {
        quote = c;
      } else if (c == ';' && !insideOpenStatementSet(current)) {
        add(statements, current.substring(0, current.length() - 1));
        current.setLength(0);
      }
    }
    add(statements, current.toString());
    return statements;
  }

  /** The set ends at the keyword END, not at an INSERT whose last word merely ends in "end" (window_end;). */
  private static final Pattern CLOSING_END = Pattern.compile("(?:^|\\s)END\\s*;$");

  private static boolean insideOpenStatementSet(CharSequence statement) {
    String text = statement.toString().stripLeading().toUpperCase();
    return text.startsWith("EXECUTE STATEMENT SET") && !CLOSING_END.matcher(text.stripTrailing()).find();
  }

  private static void add(List<Statement> statements, String text) {
    String trimmed = text.strip();
    if (!trimmed.isEmpty()) statements.add(new Statement(statements.size() + 1, trimmed));
  }
}
