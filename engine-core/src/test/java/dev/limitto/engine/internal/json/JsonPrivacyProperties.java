package dev.limitto.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Decision;
import dev.limitto.engine.LineExplanation;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * For all rule sets of JsonData lines and all bodies holding a secret: no decision's reason
 * contains the secret, whatever failed (a value, an array element, a duplicate, a body problem).
 * The secret is made of letters no rule contains, so it can only come from the body.
 */
class JsonPrivacyProperties {

  private static final String[] LINES = {
    "[post].*/x[JsonData::a==ok]",
    "[post].*/x[JsonData::a.b==ok]",
    "[post].*/x[JsonData::/a/0==ok]",
    "[post].*/x[JsonData::b==[0-9]+]",
    "[post].*/x[JsonData::a==ok][JsonData::c==.*]",
    "[post].*/x[JsonData::c==ok|[0-9]]",
    "[post].*/x[JsonData::/c/b==ok]",
  };

  @Property(tries = 500)
  void evaluateWhenBodyHoldsASecretThenNoReasonQuotesIt(
      @ForAll("ruleSets") String rules, @ForAll long seed) {
    Random random = new Random(seed);
    String secret = "QZ" + Integer.toString(100_000 + random.nextInt(800_000), 36).toUpperCase()
        .replaceAll("[^A-Z]", "W") + "ZQ";
    StringBuilder body = new StringBuilder();
    value(random, secret, 0, body);
    if (random.nextInt(5) == 0) {
      body.append(random.nextBoolean() ? " garbage" : ",\"" + secret + "\"");
    }
    Request request = Request.builder("POST", "/x")
        .header("Content-Type", "application/json")
        .body(body.toString())
        .build();
    RuleSet ruleSet = RuleSet.compile(rules);
    Decision decision = ruleSet.evaluate(request);
    Statistics.collect(decision.isAllowed() ? "allowed" : "denied");
    if (!decision.isAllowed()) {
      // every piece of the secret in the body starts with QZ, which no rule and no fixed text has
      assertThat(decision.reason()).as("%s on %s", rules, body).doesNotContain("QZ");
    }
    // an explanation may show values to the admin; it still answers for every line
    List<LineExplanation> explanation = ruleSet.explain(request);
    assertThat(explanation).hasSize(ruleSet.lineCount());
  }

  private static void value(Random random, String secret, int depth, StringBuilder sb) {
    switch (depth >= 3 ? random.nextInt(3) : random.nextInt(5)) {
      case 0 -> sb.append('"').append(random.nextInt(3) == 0 ? "ok" : secret).append('"');
      case 1 -> sb.append(random.nextBoolean() ? "7" : "1" + secret.length());
      case 2 -> sb.append('"').append(secret, 0, 1 + random.nextInt(secret.length()))
          .append(random.nextBoolean() ? secret : "").append('"');
      case 3 -> {
        sb.append('[');
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",");
          value(random, secret, depth + 1, sb);
        }
        sb.append(']');
      }
      default -> {
        sb.append('{');
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",").append('"').append("abc".charAt(random.nextInt(3)))
              .append("\":");
          value(random, secret, depth + 1, sb);
        }
        sb.append('}');
      }
    }
  }

  @Provide
  Arbitrary<String> ruleSets() {
    return Arbitraries.of(LINES).list().ofMinSize(1).ofMaxSize(3)
        .map(lines -> String.join("\n", lines) + "\n");
  }
}
