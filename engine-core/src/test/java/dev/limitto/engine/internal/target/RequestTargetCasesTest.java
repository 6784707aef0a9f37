package dev.limitto.engine.internal.target;

import static dev.limitto.engine.internal.target.TestViews.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code request-targets.tsv}: known traversal, smuggling and encoding tricks
 * beside ordinary Jira paths. A failure names the file and line of its case.
 */
class RequestTargetCasesTest {

  private static final String FILE = "request-targets.tsv";

  @TestFactory
  Stream<DynamicTest> parseGivesTheOutcomeWrittenInTheCaseFile() {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> lines = readLines();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String place = FILE + ":" + (i + 1);
      int tab = line.indexOf('\t');
      assertThat(tab).as("%s: no tab between target and outcome", place).isNotNegative();
      String target = unescape(line.substring(0, tab));
      String outcome = line.substring(tab + 1);
      tests.add(DynamicTest.dynamicTest(place + " " + line.substring(0, tab),
          () -> check(place, target, outcome)));
    }
    assertThat(tests).as("cases in %s", FILE).hasSizeGreaterThan(50);
    return tests.stream();
  }

  private static void check(String place, String target, String outcome) {
    RequestTarget t = RequestTarget.parse(Request.of("GET", target), ORIGIN, Limits.defaults());
    if (outcome.startsWith("ok ")) {
      assertThat(t.rejection()).as("%s: rejection", place).isNull();
      assertThat(t.canonicalPath()).as("%s: canonical path", place)
          .isEqualTo(unescape(outcome.substring(3)));
    } else {
      assertThat(t.rejectionRule()).as("%s: rejection rule (%s)", place, t.rejection())
          .isEqualTo(rejectionConstant(place, outcome));
    }
  }

  private static String rejectionConstant(String place, String name) {
    try {
      Field f = Rejections.class.getField(name);
      return (String) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(place + ": no Rejections constant named " + name, e);
    }
  }

  /** {@code \\uXXXX} and {@code \\\\} only, so that controls and non-ASCII can be written. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
        b.append('\\');
        i++;
      } else if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static List<String> readLines() {
    try (InputStream in = RequestTargetCasesTest.class.getResourceAsStream(FILE)) {
      assertThat(in).as("test resource %s", FILE).isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
