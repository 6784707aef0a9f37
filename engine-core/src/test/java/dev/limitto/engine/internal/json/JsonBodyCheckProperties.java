package dev.limitto.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * For all bodies and selectors: {@link JsonBodyCheck#evaluate} never throws, and on valid JSON it
 * agrees with a naive tree-walking reference of LIMIT-TO.md §5.
 */
class JsonBodyCheckProperties {

  private static final Limits SMALL = Limits.builder().maxBodyBytes(4096).maxJsonDepth(8).build();
  private static final String[] NAMES = {"a", "b", "a", "b", "0", "k", "a/b", "~", ""};
  private static final String[] NUMBERS = {"0", "-0", "1", "1.50", "1e5", "-2E+3", "10"};
  private static final String[] STRINGS = {"", "a", "b", "1", "é", "x y", "\n", "DEMO"};
  private static final String[] REGEXES = {".*", ".*", ".*", "a", "[ab]", "1.*", "", "true|null", "-?0"};

  // ---- never throws

  @Property(tries = 500)
  void evaluateWhenArbitraryBytesAndSelectorsThenNeverThrows(
      @ForAll @Size(max = 300) byte[] body,
      @ForAll @StringLength(max = 12) String selectorA,
      @ForAll("selectors") String selectorB) {
    List<JsonPredicate> predicates = new ArrayList<>();
    for (String s : new String[] {selectorA, selectorB}) {
      try {
        predicates.add(JsonFixtures.predicate(s, ".*"));
      } catch (JsonSelectorException e) {
        assertThat(e.getMessage()).startsWith("JsonData ");
      }
    }
    assertConsistent(JsonBodyCheck.evaluate(body, SMALL, predicates), predicates.size());
  }

  @Property(tries = 500)
  void evaluateWhenValidJsonHasOneByteChangedThenNeverThrows(
      @ForAll long seed, @ForAll("selectors") String selector, @ForAll byte replacement) {
    Random random = new Random(seed);
    byte[] body = render(tree(random, 0)).getBytes(StandardCharsets.UTF_8);
    body[random.nextInt(body.length)] = replacement;
    List<JsonPredicate> predicates = List.of(JsonFixtures.predicate(selector, ".*"));
    assertConsistent(JsonBodyCheck.evaluate(body, SMALL, predicates), 1);
  }

  private static void assertConsistent(JsonResult result, int count) {
    assertThat(result.size()).isEqualTo(count);
    // an unlocated parser failure would hide a defect behind a refusal
    assertThat(result.bodyProblem()).isNotEqualTo(JsonBodyCheck.BODY_UNREADABLE);
    for (int i = 0; i < count; i++) {
      assertThat(result.matched(i)).isEqualTo(result.failure(i) == null);
    }
  }

  // ---- agrees with the reference on valid JSON

  @Property(tries = 1000)
  void evaluateWhenValidJsonThenAgreesWithTreeReference(
      @ForAll long seed,
      @ForAll("selectors") String randomSelector,
      @ForAll boolean selectorFromBody,
      @ForAll("regexes") String regex) {
    Random random = new Random(seed);
    Object tree = tree(random, 0);
    String body = render(tree);
    String selector = selectorFromBody ? selectorFromTree(tree, random) : randomSelector;
    JsonPredicate predicate = JsonFixtures.predicate(selector, regex);
    JsonResult result = JsonBodyCheck.evaluate(
        body.getBytes(StandardCharsets.UTF_8), SMALL, List.of(predicate));
    assertThat(result.bodyProblem()).as(body).isNull();
    Outcome expected = reference(tree, predicate.selector(), Pattern.compile(regex));
    Statistics.collect(expected.selected() ? (expected.matched() ? "matched" : "failed") : "none");
    String description = predicate.selector() + "==" + regex + " on " + body + ": " + result.failure(0);
    assertThat(result.matched(0)).as(description).isEqualTo(expected.matched());
    assertThat(String.format(JsonBodyCheck.NO_NODE, predicate.selector()).equals(result.failure(0)))
        .as(description)
        .isEqualTo(!expected.selected());
  }

  @Provide
  Arbitrary<String> selectors() {
    Arbitrary<String> name = Arbitraries.of("a", "b", "0", "k");
    Arbitrary<String> pointerToken =
        Arbitraries.of("a", "b", "a", "b", "0", "1", "k", "a~1b", "~0", "", "01");
    return Arbitraries.oneOf(
        name,
        name.list().ofMinSize(2).ofMaxSize(3).map(l -> String.join(".", l)),
        pointerToken.list().ofMinSize(1).ofMaxSize(3).map(l -> "/" + String.join("/", l)));
  }

  /** A selector along a random way down the tree, so that most of them select something. */
  @SuppressWarnings("unchecked")
  private static String selectorFromTree(Object root, Random random) {
    List<String> names = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    Object node = root;
    while (node instanceof List<?> list && !list.isEmpty()) {
      Object child;
      if (isObject(node)) {
        Map.Entry<String, Object> entry =
            ((List<Map.Entry<String, Object>>) node).get(random.nextInt(list.size()));
        names.add(entry.getKey());
        tokens.add(entry.getKey().replace("~", "~0").replace("/", "~1"));
        child = entry.getValue();
      } else {
        int index = random.nextInt(list.size());
        tokens.add(String.valueOf(index));
        child = list.get(index);
      }
      node = child;
      if (random.nextInt(3) == 0) {
        break;
      }
    }
    boolean dottable = !names.isEmpty()
        && names.stream().allMatch(n -> !n.isEmpty() && !n.contains(".") && !n.contains("/"));
    switch (random.nextInt(3)) {
      case 0:
        if (dottable) {
          return names.get(names.size() - 1);
        }
        break;
      case 1:
        if (dottable && names.size() >= 2) {
          return String.join(".", names);
        }
        break;
      default:
        break;
    }
    return tokens.isEmpty() ? "a" : "/" + String.join("/", tokens);
  }

  @Provide
  Arbitrary<String> regexes() {
    return Arbitraries.of(REGEXES);
  }

  // ---- a tiny JSON model: objects are entry lists (duplicates allowed), numbers keep their text

  private record Num(String text) {}

  private record Lit(String text) {}

  private static Object tree(Random random, int depth) {
    int kind = depth >= 6 ? random.nextInt(4) : depth < 2 ? 4 + random.nextInt(2) : random.nextInt(7);
    switch (kind) {
      case 0:
        return STRINGS[random.nextInt(STRINGS.length)];
      case 1:
        return new Num(NUMBERS[random.nextInt(NUMBERS.length)]);
      case 2:
        return new Lit(new String[] {"true", "false", "null"}[random.nextInt(3)]);
      case 3:
        return STRINGS[random.nextInt(STRINGS.length)];
      case 4: {
        List<Object> array = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          array.add(tree(random, depth + 1));
        }
        return array;
      }
      default: {
        // objects twice as likely as arrays below the top levels
        int n = random.nextInt(4);
        if (n == 0) {
          return new EmptyObject();
        }
        List<Map.Entry<String, Object>> object = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          object.add(new SimpleEntry<>(NAMES[random.nextInt(NAMES.length)], tree(random, depth + 1)));
        }
        return object;
      }
    }
  }

  private static String render(Object node) {
    StringBuilder sb = new StringBuilder();
    render(node, sb);
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static void render(Object node, StringBuilder sb) {
    if (node instanceof String s) {
      quote(s, sb);
    } else if (node instanceof Num n) {
      sb.append(n.text());
    } else if (node instanceof Lit l) {
      sb.append(l.text());
    } else if (isObject(node)) {
      sb.append('{');
      List<Map.Entry<String, Object>> entries = (List<Map.Entry<String, Object>>) node;
      for (int i = 0; i < entries.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        quote(entries.get(i).getKey(), sb);
        sb.append(':');
        render(entries.get(i).getValue(), sb);
      }
      sb.append('}');
    } else {
      sb.append('[');
      List<Object> elements = (List<Object>) node;
      for (int i = 0; i < elements.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        render(elements.get(i), sb);
      }
      sb.append(']');
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20 || c == 'k') {
        // escape 'k' too, so that names are compared after unescaping
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  // A model object is an entry list; an empty list renders as an object only through this marker.
  private static boolean isObject(Object node) {
    return node instanceof List<?> l && (l.isEmpty() ? l instanceof EmptyObject : l.get(0) instanceof Map.Entry);
  }

  /** Marker type so that an empty object and an empty array stay distinct in the model. */
  private static final class EmptyObject extends ArrayList<Object> {}

  // ---- reference semantics, written straight from the specification

  private record Outcome(boolean selected, boolean matched) {}

  private static Outcome reference(Object root, JsonSelector selector, Pattern regex) {
    List<Object> selected = new ArrayList<>();
    String text = selector.toString();
    if (selector.kind() == JsonSelector.Kind.ANY_DEPTH) {
      collectAnyDepth(root, text, selected);
    } else {
      List<String> names = new ArrayList<>();
      if (selector.kind() == JsonSelector.Kind.PATH) {
        names.addAll(List.of(text.split("\\.")));
      } else {
        for (String token : text.substring(1).split("/", -1)) {
          names.add(token.replace("~1", "/").replace("~0", "~"));
        }
      }
      collectPath(root, names, 0, selector.kind() == JsonSelector.Kind.POINTER, selected);
    }
    if (selected.isEmpty()) {
      return new Outcome(false, false);
    }
    for (Object value : selected) {
      if (!valueMatches(value, regex)) {
        return new Outcome(true, false);
      }
    }
    return new Outcome(true, true);
  }

  @SuppressWarnings("unchecked")
  private static void collectAnyDepth(Object node, String name, List<Object> out) {
    if (isObject(node)) {
      for (Map.Entry<String, Object> e : (List<Map.Entry<String, Object>>) node) {
        if (e.getKey().equals(name)) {
          out.add(e.getValue());
        }
        collectAnyDepth(e.getValue(), name, out);
      }
    } else if (node instanceof List<?> elements) {
      for (Object element : elements) {
        collectAnyDepth(element, name, out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectPath(
      Object node, List<String> names, int k, boolean pointer, List<Object> out) {
    if (k == names.size()) {
      out.add(node);
    } else if (isObject(node)) {
      for (Map.Entry<String, Object> e : (List<Map.Entry<String, Object>>) node) {
        if (e.getKey().equals(names.get(k))) {
          collectPath(e.getValue(), names, k + 1, pointer, out);
        }
      }
    } else if (node instanceof List<?> elements) {
      if (!pointer) {
        for (Object element : elements) {
          collectPath(element, names, k, false, out);
        }
      } else if (names.get(k).matches("0|[1-9][0-9]{0,8}")
          && Integer.parseInt(names.get(k)) < elements.size()) {
        collectPath(elements.get(Integer.parseInt(names.get(k))), names, k + 1, true, out);
      }
    }
  }

  private static boolean valueMatches(Object value, Pattern regex) {
    if (value instanceof String s) {
      return regex.matcher(s).matches();
    } else if (value instanceof Num n) {
      return regex.matcher(n.text()).matches();
    } else if (value instanceof Lit l) {
      return regex.matcher(l.text()).matches();
    } else if (isObject(value)) {
      return false;
    }
    List<?> elements = (List<?>) value;
    if (elements.isEmpty()) {
      return false;
    }
    for (Object element : elements) {
      if (!valueMatches(element, regex)) {
        return false;
      }
    }
    return true;
  }
}
