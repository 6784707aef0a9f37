package dev.limitto.cli.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.limitto.engine.analysis.RuleDiff;
import dev.limitto.engine.analysis.RuleDiff.Example;
import dev.limitto.engine.analysis.RuleDiff.MethodGroup;
import dev.limitto.engine.analysis.RuleDiff.Report;
import dev.limitto.engine.analysis.RuleDiff.Side;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a {@link RuleDiff.Report} is written for a person, and as JSON. */
public final class DiffText {

  static final String NEW_ALLOWS = "  %s allows, %s refuses:";
  static final String UNDECIDED_WHY = "  not proven equivalent:";
  static final String RESULT = "result: %s";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DiffText() {}

  /**
   * One block per group of methods: its result, the examples of each direction (marked {@code
   * [found by search]} when not from the automata) and why a group is undecided.
   *
   * @param oldName what to call the old side ({@code old}, {@code current})
   * @param newName what to call the new side ({@code new}, {@code suggestion})
   */
  public static void print(PrintWriter out, Report r, String oldName, String newName) {
    for (MethodGroup g : r.groups()) {
      out.println(String.join(", ", g.methods()) + ": " + word(g.result()));
      examples(out, g.newAllows(), newName, oldName);
      examples(out, g.oldAllows(), oldName, newName);
      if (g.result() != RuleDiff.Result.EQUIVALENT && !g.undecided().isEmpty()) {
        out.println(UNDECIDED_WHY);
        for (String why : g.undecided()) {
          out.println("    " + why.replace("old line", oldName + " line")
              .replace("new line", newName + " line"));
        }
      }
    }
    out.println(String.format(RESULT, word(r.result())));
  }

  private static void examples(PrintWriter out, List<Example> examples, String by,
      String refuser) {
    if (examples.isEmpty()) {
      return;
    }
    out.println(String.format(NEW_ALLOWS, by, refuser));
    for (Example e : examples) {
      StringBuilder sb = new StringBuilder("    ").append(e.method()).append(' ')
          .append(e.target());
      if (e.body() != null) {
        sb.append("  body ").append(e.body());
      }
      out.println(sb);
      out.println("      " + (e.line() == 0 ? by + " is unrestricted" : by + " line " + e.line())
          + "; " + refuser + ": " + e.refusal() + (e.foundBySearch() ? "  [found by search]" : ""));
    }
  }

  static String word(RuleDiff.Result result) {
    return result.name().toLowerCase(Locale.ROOT);
  }

  /** The report as one JSON object. */
  public static ObjectNode json(Report r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("result", word(r.result()));
    root.put("base_url", r.baseUrl());
    ArrayNode groups = root.putArray("methods");
    for (MethodGroup g : r.groups()) {
      ObjectNode o = groups.addObject();
      ArrayNode m = o.putArray("methods");
      g.methods().forEach(m::add);
      o.put("result", word(g.result()));
      examplesJson(o.putArray("new_allows"), g.newAllows());
      examplesJson(o.putArray("old_allows"), g.oldAllows());
      ArrayNode u = o.putArray("undecided");
      g.undecided().forEach(u::add);
    }
    return root;
  }

  private static void examplesJson(ArrayNode into, List<Example> examples) {
    for (Example e : examples) {
      ObjectNode o = into.addObject();
      o.put("method", e.method());
      o.put("target", e.target());
      if (!e.headers().isEmpty()) {
        ObjectNode h = o.putObject("headers");
        for (Map.Entry<String, String> x : e.headers().entrySet()) {
          h.put(x.getKey(), x.getValue());
        }
      }
      if (e.body() != null) {
        o.put("body", e.body());
      }
      o.put("url", e.url());
      o.put("allowed_by", e.allowedBy() == Side.NEW ? "new" : "old");
      o.put("line", e.line());
      o.put("refusal", e.refusal());
      o.put("found", e.foundBySearch() ? "search" : "automata");
    }
  }
}
