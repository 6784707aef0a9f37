package dev.limitto.engine.internal.target;

import static dev.limitto.engine.internal.target.TestViews.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Decision;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import dev.limitto.engine.RuleSet;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * For random paths that hold a percent-encoded code point of the rejected class of LIMIT-TO.md
 * §4 (v1.1), every tier (the allocation-free check, the decision through the index, the full
 * parse) rejects with that class's rule; for random paths without one, none does. The class is
 * computed here from its definition ({@link Normalizer} NFKC, the four slashes, category Cf), not
 * taken from {@link LookAlikes}.
 */
class LookAlikeProperties {

  private static final String TARGETS = "/\\.;%?#";
  private static final int[] SLASHES = {0x2044, 0x2215, 0x29F8, 0x29F9};

  /** Every code point above U+009F in the rejected class, by scanning all of them once. */
  private static final List<Integer> LOOK_ALIKES = new ArrayList<>();

  private static final List<Integer> FORMAT = new ArrayList<>();

  private static final Set<Integer> REJECTED = new HashSet<>();

  static {
    for (int cp = 0xA0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Character.getType(cp) == Character.FORMAT) {
        FORMAT.add(cp);
      } else if (isSlash(cp) || nfkcHoldsARejectedCharacter(cp)) {
        LOOK_ALIKES.add(cp);
      }
    }
    REJECTED.addAll(LOOK_ALIKES);
    REJECTED.addAll(FORMAT);
  }

  private static final RuleSet ANYTHING = RuleSet.compiler().compile("[get].*");

  @Property(tries = 2000)
  void pathWithARejectedCodePointWhenDecidedThenEveryTierRejectsWithItsRule(
      @ForAll("safePieces") List<String> pieces,
      @ForAll("rejectedCodePoints") int cp,
      @ForAll("lowerCase") boolean lower,
      @ForAll("index") int at) {
    List<String> withIt = new ArrayList<>(pieces);
    withIt.add(Math.floorMod(at, withIt.size() + 1), encode(cp, lower));
    String path = "/seg" + String.join("", withIt);
    String rule = Character.getType(cp) == Character.FORMAT
        ? Rejections.PATH_FORMAT_CHARACTER : Rejections.PATH_LOOK_ALIKE;
    Statistics.label("class").collect(rule.equals(Rejections.PATH_LOOK_ALIKE) ? "look-alike" : "Cf");
    Statistics.label("plane").collect(cp > 0xFFFF ? "supplementary" : "BMP");

    Request request = Request.of("GET", path + "?a=1");
    RequestTarget t = RequestTarget.parse(request, ORIGIN, Limits.defaults());
    assertThat(t.rejectionRule()).as("%s (U+%04X)", path, cp).isEqualTo(rule);
    assertThat(RequestTarget.canonicalTarget(request, Limits.defaults(), new StringBuilder()))
        .isEqualTo(rule);
    Decision d = ANYTHING.evaluate(request);
    assertThat(d.isAllowed()).as("%s (U+%04X)", path, cp).isFalse();
    assertThat(d.reason()).isEqualTo("request rejected: " + rule);
  }

  @Property(tries = 2000)
  void pathWithoutARejectedCodePointWhenDecidedThenIsAcceptedAndDecoded(
      @ForAll("safePieces") List<String> pieces,
      @ForAll("ordinaryCodePoints") List<Integer> cps) {
    List<String> all = new ArrayList<>(pieces);
    StringBuilder expected = new StringBuilder("/seg").append(decoded(pieces));
    for (int cp : cps) {
      all.add(encode(cp, false));
      expected.appendCodePoint(cp);
    }
    String path = "/seg" + String.join("", all);

    Request request = Request.of("GET", path);
    RequestTarget t = RequestTarget.parse(request, ORIGIN, Limits.defaults());
    assertThat(t.isRejected()).as("%s: %s", path, t.rejection()).isFalse();
    assertThat(t.canonicalPath()).isEqualTo(expected.toString());
    StringBuilder into = new StringBuilder();
    assertThat(RequestTarget.canonicalTarget(request, Limits.defaults(), into)).isNull();
    assertThat(into.length() == 0 ? request.rawPath() : into.toString())
        .isEqualTo(expected.toString());
    assertThat(ANYTHING.evaluate(request)).hasToString("ALLOW (line 1)");
  }

  /**
   * The class is closed under NFKC: the compatibility form of an accepted path holds exactly the
   * {@code / \ . ; % ? #} that the path holds, in the same order, no slash look-alike and no Cf.
   */
  @Property(tries = 2000)
  void acceptedPathWhenNormalizedByNfkcThenHasTheSameStructure(
      @ForAll("anyEncodedPath") String path) {
    RequestTarget t = RequestTarget.parse(Request.of("GET", path), ORIGIN, Limits.defaults());
    Statistics.label("outcome").collect(t.isRejected() ? "rejected" : "accepted");
    if (t.isRejected()) {
      return;
    }
    String c = t.canonicalPath();
    String n = Normalizer.normalize(c, Normalizer.Form.NFKC);
    assertThat(structure(n)).as("NFKC of %s", c).isEqualTo(structure(c));
    assertThat(n.codePoints().noneMatch(x -> isSlash(x) || Character.getType(x) == Character.FORMAT))
        .as("NFKC of %s", c).isTrue();
  }

  // --- generators ---

  /** Pieces that never break a rule on their own or next to each other after "/seg". */
  @Provide
  Arbitrary<List<String>> safePieces() {
    return Arbitraries.of("a", "Z", "0", "-", "_", "~", "a.b", "/x", "/...", "/.well", "+", "=",
            "%20", "%41", "%C3%A9", "%E2%82%AC", "%F0%9F%98%80", "%C2%A0", "%EF%BC%A1")
        .list()
        .ofMaxSize(12);
  }

  @Provide
  Arbitrary<Integer> rejectedCodePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(LOOK_ALIKES)), Tuple.of(2, Arbitraries.of(FORMAT)));
  }

  @Provide
  Arbitrary<List<Integer>> ordinaryCodePoints() {
    return Arbitraries.integers()
        .between(0xA0, Character.MAX_CODE_POINT)
        .filter(cp -> (cp < 0xD800 || cp > 0xDFFF) && !REJECTED.contains(cp))
        .list()
        .ofMaxSize(4);
  }

  /** Paths built of ASCII pieces and encoded code points of any kind, rejected class included. */
  @Provide
  Arbitrary<String> anyEncodedPath() {
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("a", "/b", ".", "-", "%20", "%C2%A0")),
        Tuple.of(8, Arbitraries.integers().between(0xA0, Character.MAX_CODE_POINT)
            .filter(cp -> cp < 0xD800 || cp > 0xDFFF).map(cp -> encode(cp, false))),
        Tuple.of(1, Arbitraries.of(LOOK_ALIKES).map(cp -> encode(cp, false))),
        Tuple.of(1, Arbitraries.of(FORMAT).map(cp -> encode(cp, false))));
    return piece.list().ofMaxSize(10).map(parts -> "/s" + String.join("", parts));
  }

  @Provide
  Arbitrary<Boolean> lowerCase() {
    return Arbitraries.of(false, true);
  }

  @Provide
  Arbitrary<Integer> index() {
    return Arbitraries.integers().between(0, 20);
  }

  // --- helpers ---

  private static boolean isSlash(int cp) {
    for (int s : SLASHES) {
      if (s == cp) {
        return true;
      }
    }
    return false;
  }

  private static boolean nfkcHoldsARejectedCharacter(int cp) {
    String s = new String(Character.toChars(cp));
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
    return !n.equals(s) && n.codePoints().anyMatch(c -> TARGETS.indexOf(c) >= 0 || isSlash(c));
  }

  /** The characters of {@link #TARGETS} in {@code s}, in order. */
  private static String structure(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().filter(c -> TARGETS.indexOf(c) >= 0).forEach(c -> b.append((char) c));
    return b.toString();
  }

  private static String encode(int cp, boolean lower) {
    StringBuilder b = new StringBuilder();
    for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
      b.append('%').append(String.format(Locale.ROOT, lower ? "%02x" : "%02X", x & 0xFF));
    }
    return b.toString();
  }

  /** The decoded text of safe pieces. */
  private static String decoded(List<String> pieces) {
    StringBuilder b = new StringBuilder();
    for (String p : pieces) {
      b.append(switch (p) {
        case "%20" -> " ";
        case "%41" -> "A";
        case "%C3%A9" -> "\u00E9";
        case "%E2%82%AC" -> "\u20AC";
        case "%F0%9F%98%80" -> "\uD83D\uDE00";
        case "%C2%A0" -> "\u00A0";
        case "%EF%BC%A1" -> "\uFF21";
        default -> p;
      });
    }
    return b.toString();
  }
}
