package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The scanner reports a slot exactly when the text contains that slot's (selected) literal. */
class LiteralScannerProperties {

  @Property(tries = 1000)
  void scanReportsExactlyTheSlotsWhoseAtomOccurs(
      @ForAll("literalLists") List<String> literals, @ForAll("texts") String text) {
    LiteralScanner scanner = LiteralScanner.build(literals);
    List<String> atoms = LiteralScanner.selectAtoms(literals);
    long[] hits = new long[LiteralScanner.words(literals.size())];
    scanner.scan(scanner.initialState(), text, hits);
    for (int slot = 0; slot < literals.size(); slot++) {
      boolean hit = (hits[slot >>> 6] & (1L << slot)) != 0;
      boolean always = (scanner.alwaysCandidates()[slot >>> 6] & (1L << slot)) != 0;
      String atom = atoms.get(slot);
      assertThat(literals.get(slot)).contains(atom);
      assertThat(always).isEqualTo(atom.isEmpty());
      if (!atom.isEmpty()) {
        assertThat(hit).as("slot %d atom %s in %s", slot, atom, text).isEqualTo(text.contains(atom));
      }
    }
  }

  @Property(tries = 500)
  void scanInTwoPartsReportsWhatOneScanReports(
      @ForAll("literalLists") List<String> literals, @ForAll("texts") String text) {
    LiteralScanner scanner = LiteralScanner.build(literals);
    long[] whole = new long[LiteralScanner.words(literals.size())];
    scanner.scan(scanner.initialState(), text, whole);
    for (int cut = 0; cut <= text.length(); cut++) {
      long[] parts = new long[whole.length];
      int state = scanner.scan(scanner.initialState(), text.substring(0, cut), parts);
      scanner.scan(state, text.substring(cut), parts);
      assertThat(parts).isEqualTo(whole);
    }
  }

  @Property(tries = 500)
  void selectedAtomIsTheLatestPieceThatFewestLiteralsContain(
      @ForAll("longLiteralLists") List<String> literals) {
    List<String> atoms = LiteralScanner.selectAtoms(literals);
    for (int slot = 0; slot < literals.size(); slot++) {
      assertThat(atoms.get(slot)).as("slot %d of %s", slot, literals)
          .isEqualTo(referenceAtom(literals, literals.get(slot)));
    }
  }

  /** The choice spelled out with substrings: fewest literals containing it, latest on a tie. */
  private static String referenceAtom(List<String> literals, String lit) {
    int n = LiteralScanner.MAX_ATOM;
    if (lit.length() <= n) {
      return lit;
    }
    String best = null;
    long bestFrequency = Long.MAX_VALUE;
    for (int i = lit.length() - n; i >= 0; i--) {
      String piece = lit.substring(i, i + n);
      long f = literals.stream().filter(l -> l.contains(piece)).count();
      if (f < bestFrequency) {
        bestFrequency = f;
        best = piece;
      }
    }
    return best;
  }

  @Provide
  Arbitrary<List<String>> longLiteralLists() {
    return Arbitraries.strings()
        .withChars("ab/")
        .ofMinLength(0)
        .ofMaxLength(30)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<String>> literalLists() {
    return Arbitraries.strings()
        .withChars("ab/-1")
        .ofMinLength(0)
        .ofMaxLength(16)
        .list()
        .ofMinSize(1)
        .ofMaxSize(150);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars("ab/-1xé").ofMinLength(0).ofMaxLength(40);
  }
}
