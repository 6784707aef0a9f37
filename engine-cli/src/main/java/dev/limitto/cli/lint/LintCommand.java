package dev.limitto.cli.lint;

import dev.limitto.cli.CliFiles;
import dev.limitto.cli.ExitCode;
import dev.limitto.cli.HelpOption;
import dev.limitto.cli.UsageException;
import dev.limitto.engine.lint.LintFinding;
import dev.limitto.engine.lint.RuleLinter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code limit-to lint}: reviews rule files before they are saved and prints every error and
 * warning as a compiler would ({@code FILE:LINE:COL: warning: MESSAGE}, the line, a caret). The
 * analysis is the engine's {@link RuleLinter}; this command only reads files and renders.
 */
@Command(
    name = "lint",
    description = {
      "Review rule files before saving them: every compile error, and warnings about lines",
      "that compile but probably do not do what was meant (a leading .*, a line that admits",
      "the whole API, a value regex ending in .*, a query string in a URL regex, JsonData on",
      "a GET-only line, a line shadowed by an earlier one, a misspelt method set, a URL that",
      "can never match, every line commented out).",
      "",
      "Each finding is printed as FILE:LINE:COL: error|warning: MESSAGE, then the line and a",
      "caret under the column; a last line counts them. A clean file prints nothing.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 no errors (warnings are printed but pass, unless --strict); 1 warnings "
          + "with --strict; 2 a rules file does not compile or cannot be read, or bad usage."
    })
public final class LintCommand implements Callable<Integer> {

  /** The last line when there are findings: errors, warnings, files. */
  static final String SUMMARY = "%s, %s in %s";
  /** The engine's message about the base URL, prefixed with the option that gave it. */
  static final String BAD_BASE_URL = "--base-url: %s";

  static final String RULES_FILE = "rules file";

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Option(names = "--strict",
      description = "Exit with 1 when there are warnings (default: warnings do not fail).")
  boolean strict;

  @Option(names = "--base-url", paramLabel = "URL",
      description = {
        "Base URL the rules will be used with. With it, {base} is expanded and origins are",
        "checked exactly; without it, {base} stands for whatever base URL is configured."
      })
  String baseUrl;

  @Parameters(arity = "1..*", paramLabel = "RULES_FILE",
      description = "Rule files to lint (UTF-8), one \"Limit to\" rule per line.")
  List<String> files;

  @Override
  public Integer call() {
    if (baseUrl != null) {
      try {
        RuleLinter.lint("", baseUrl); // validates the base URL before any output
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.format(BAD_BASE_URL, e.getMessage()));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int errors = 0;
    int warnings = 0;
    boolean unreadable = false;
    for (String file : files) {
      String text;
      try {
        text = CliFiles.readText(RULES_FILE, file);
      } catch (UsageException e) {
        // one unreadable file does not hide the findings of the others
        err.println(spec.qualifiedName() + ": " + e.getMessage());
        unreadable = true;
        continue;
      }
      for (LintFinding f : RuleLinter.lint(text, baseUrl)) {
        out.println(f.render(file));
        if (f.severity() == LintFinding.Severity.ERROR) {
          errors++;
        } else {
          warnings++;
        }
      }
    }
    if (errors + warnings > 0) {
      out.println(String.format(SUMMARY, count(errors, "error"), count(warnings, "warning"),
          count(files.size(), "file")));
    }
    out.flush();
    if (errors > 0 || unreadable) {
      return ExitCode.USAGE;
    }
    return strict && warnings > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
