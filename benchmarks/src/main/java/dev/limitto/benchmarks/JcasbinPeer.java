package dev.limitto.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.casbin.jcasbin.main.EnforceResult;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * jcasbin with its RESTful model and {@code regexMatch}: one policy per rule line (URL regex,
 * method regex), first allowing policy wins. {@code regexMatch} uses {@code lookingAt}, so each
 * URL regex is anchored at the end with {@code \z} to keep full-match semantics.
 */
final class JcasbinPeer {

  private static final String SUBJECT = "token";
  private static final String MODEL =
      """
      [request_definition]
      r = sub, obj, act

      [policy_definition]
      p = sub, obj, act

      [policy_effect]
      e = some(where (p.eft == allow))

      [matchers]
      m = r.sub == p.sub && regexMatch(r.obj, p.obj) && regexMatch(r.act, p.act)
      """;

  private final Enforcer enforcer;
  private final String origin;
  private final Map<List<String>, Integer> lineOfPolicy = new HashMap<>();

  JcasbinPeer(List<Workload.Line> lines, String baseUrl) {
    Model model = new Model();
    model.loadModelFromText(MODEL);
    this.enforcer = new Enforcer(model);
    this.origin = ScanPeer.origin(baseUrl);
    String quotedBase = baseUrl.replaceAll("([.\\\\+*?\\[^\\]$(){}=!<>|:-])", "\\\\$1");
    int line = 0;
    for (Workload.Line l : lines) {
      line++;
      String obj = "(?:" + l.urlRegex().replace("{base}", quotedBase) + ")\\z";
      String act = l.methods().isEmpty() ? ".*" : "(?:" + String.join("|", l.methods()) + ")\\z";
      List<String> policy = List.of(SUBJECT, obj, act);
      if (!enforcer.addPolicy(policy)) {
        throw new IllegalStateException("duplicate policy " + policy);
      }
      lineOfPolicy.put(policy, line);
    }
  }

  /** Whether the request is allowed (the hot path jcasbin offers). */
  boolean allows(BenchRequest r) {
    return enforcer.enforce(SUBJECT, origin + r.rawPath, r.method);
  }

  /** The 1-based line of the allowing policy, or 0 (slower: asks jcasbin to explain). */
  int decide(BenchRequest r) {
    EnforceResult result = enforcer.enforceEx(SUBJECT, origin + r.rawPath, r.method);
    if (!result.isAllow()) {
      return 0;
    }
    Integer line = lineOfPolicy.get(result.getExplain());
    if (line == null) {
      throw new IllegalStateException("jcasbin explained with an unknown policy " + result.getExplain());
    }
    return line;
  }
}
