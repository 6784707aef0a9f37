package dev.limitto.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every command's help is laid out: wrapped at the terminal's width (80 columns when there is
 * no terminal), never inside a word, lines wrapped by hand in the source reflowed as paragraphs,
 * and the list of commands showing each command's whole first paragraph rather than its first
 * source line.
 *
 * <p>picocli wraps with the JDK's line {@link java.text.BreakIterator}, which also breaks after a
 * {@code .}, {@code -}, {@code /} or {@code :} inside a word, so that {@code extender.token.secure.mode} or {@code
 * 2026-03-01} could be split over two lines, and a property name copied from the help would be
 * wrong. Before rendering, such characters are swapped for private-use characters that the
 * iterator does not break at; every help section swaps them back.
 */
public final class HelpText {

  /** Stands for a {@code .} inside a word while picocli wraps. */
  private static final char DOT = '\uE000';
  /** Stands for a {@code -} inside a word while picocli wraps. */
  private static final char HYPHEN = '\uE001';
  /** Stands for a {@code /} inside a word while picocli wraps. */
  private static final char SLASH = '\uE002';
  /** Stands for a {@code :} inside a word while picocli wraps. */
  private static final char COLON = '\uE003';

  private HelpText() {}

  /** Sets the layout on a command tree; call once the subcommands are added. */
  public static void install(CommandLine root) {
    root.setUsageHelpAutoWidth(true);
    installOn(root);
  }

  private static void installOn(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    UsageMessageSpec usage = spec.usageMessage();
    usage.description(protect(usage.description()));
    usage.header(protect(usage.header()));
    for (OptionSpec o : new ArrayList<>(spec.options())) {
      replace(spec, o, OptionSpec.builder(o)
          .description(protect(withDefault(o.description(), o.defaultValue()))).build());
    }
    for (PositionalParamSpec p : new ArrayList<>(spec.positionalParameters())) {
      replace(spec, p,
          PositionalParamSpec.builder(p).description(protect(p.description())).build());
    }
    Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
    sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpText::commandList);
    sections.replaceAll((key, renderer) -> help -> restore(renderer.render(help)));
    usage.sectionMap(sections);
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      if (sub.getCommandSpec().parent() == spec) {
        installOn(sub);
      }
    }
  }

  /** Puts the default value in now, so that a URL default is protected like the rest. */
  private static String[] withDefault(String[] lines, String defaultValue) {
    if (defaultValue == null) {
      return lines;
    }
    String[] out = new String[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = lines[i].replace("${DEFAULT-VALUE}", defaultValue);
    }
    return out;
  }

  private static void replace(CommandSpec spec, ArgSpec old, ArgSpec replacement) {
    spec.remove(old);
    if (replacement instanceof OptionSpec o) {
      spec.addOption(o);
    } else {
      spec.addPositional((PositionalParamSpec) replacement);
    }
  }

  /**
   * The commands, each with the first paragraph of its description (up to its first empty
   * line), wrapped in the second column.
   */
  private static String commandList(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = 0;
    for (Map.Entry<String, Help> e : subcommands.entrySet()) {
      if (!e.getValue().commandSpec().usageMessage().hidden()) {
        nameWidth = Math.max(nameWidth, e.getKey().length());
      }
    }
    int width = help.commandSpec().usageMessage().width();
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
        new Column(Math.max(20, width - nameWidth - 2), 2, Column.Overflow.WRAP));
    for (Map.Entry<String, Help> e : subcommands.entrySet()) {
      UsageMessageSpec u = e.getValue().commandSpec().usageMessage();
      if (u.hidden()) {
        continue;
      }
      table.addRowValues(help.colorScheme().commandText(e.getKey()),
          help.colorScheme().text(firstParagraph(u)));
    }
    return table.toString();
  }

  private static String firstParagraph(UsageMessageSpec u) {
    String[] lines = u.header().length > 0 ? u.header() : u.description();
    List<String> paragraph = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        if (paragraph.isEmpty()) {
          continue;
        }
        break;
      }
      paragraph.add(line.strip());
    }
    return String.join(" ", paragraph);
  }

  /**
   * Joins lines that were wrapped by hand in the source, so that picocli wraps them at the real
   * width instead of wrapping each again: a line is joined to the one before unless that one
   * ends a sentence ({@code .}, {@code :}, {@code ;}). Empty lines and lines that start with a
   * space (examples, layouts) stay as they are. Then protects every line.
   */
  static String[] protect(String[] lines) {
    List<String> out = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    for (String line : lines) {
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        if (paragraph.length() > 0) {
          out.add(protect(paragraph.toString()));
          paragraph.setLength(0);
        }
        out.add(protect(line));
      } else {
        if (paragraph.length() > 0) {
          char last = paragraph.charAt(paragraph.length() - 1);
          if (last == '.' || last == ':' || last == ';') {
            out.add(protect(paragraph.toString()));
            paragraph.setLength(0);
          } else {
            paragraph.append(' ');
          }
        }
        paragraph.append(line.strip());
      }
    }
    if (paragraph.length() > 0) {
      out.add(protect(paragraph.toString()));
    }
    return out.toArray(new String[0]);
  }

  /** Swaps {@code . - / :} between two non-blank characters, outside {@code ${...}} variables. */
  static String protect(String s) {
    StringBuilder sb = new StringBuilder(s);
    int depth = 0;
    for (int i = 1; i < sb.length() - 1; i++) {
      char c = sb.charAt(i);
      if (c == '{' && sb.charAt(i - 1) == '$') {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      }
      if (depth > 0 || Character.isWhitespace(sb.charAt(i - 1))
          || Character.isWhitespace(sb.charAt(i + 1))) {
        continue;
      }
      if (c == '.') {
        sb.setCharAt(i, DOT);
      } else if (c == '-') {
        sb.setCharAt(i, HYPHEN);
      } else if (c == '/') {
        sb.setCharAt(i, SLASH);
      } else if (c == ':') {
        sb.setCharAt(i, COLON);
      }
    }
    return sb.toString();
  }

  static String restore(String s) {
    return s.replace(DOT, '.').replace(HYPHEN, '-').replace(SLASH, '/').replace(COLON, ':');
  }
}
