package dev.limitto.engine.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The automaton is built as inputs reach its states, and its shared cache is thread-safe. */
class LazyDfaTest {

  private static final String ORIGIN = "https://jira.example.com";

  @Test
  void compileWhenUrlRegexIsOnTheDfaTierThenNoStateIsBuiltBeforeTheFirstMatch() throws Exception {
    String regex = ".*/rest/api/2/issue/LAZY-[0-9]+/(assignee|labels)";
    UrlMatcher url = Matchers.compileUrl(regex, 10_000, ORIGIN);
    // compiling builds no NFA, no classes and no state: the first match does
    assertThat(url).hasToString("Url[Dfa[" + regex + ", not built yet]]");
    assertThat(url.pathPrefix()).isEmpty(); // known without the automaton: .* reads the origin
    assertThat(url.diesInOrigin()).isFalse();
    assertThat(url).hasToString("Url[Dfa[" + regex + ", not built yet]]");

    assertThat(url.matchesPath("/jira/rest/api/2/issue/LAZY-12/assignee")).isTrue();
    assertThat(states(url)).isGreaterThan(2);
  }

  @Test
  void compileWhenUrlRegexIsEagerThenOnlyTheStartStateIsBuilt() throws Exception {
    String regex = ".*/rest/api/2/issue/LAZY-[0-9]+/(assignee|labels)";
    UrlMatcher url = UrlMatcher.compile(regex, Pattern.compile(regex), ORIGIN, false);
    // the dead state and the state after the origin: nothing is built for the origin itself
    assertThat(url).hasToString("Url[Dfa[" + regex + ", 2 states]]");

    assertThat(url.matchesPath("/jira/rest/api/2/issue/LAZY-12/labels")).isTrue();
    int warm = states(url);
    assertThat(warm).isGreaterThan(2);
    // the same path again reaches no new state
    assertThat(url.matchesPath("/jira/rest/api/2/issue/LAZY-12/labels")).isTrue();
    assertThat(states(url)).isEqualTo(warm);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void runWhenManyThreadsBuildStatesOfOneAutomatonThenEveryAnswerIsRe2js() throws Exception {
    // many subset states, a small cache: threads race to build states and to overflow
    String[] regexes = {"/rest/[ab]*a[ab]{7}", "/x/(ab|a)*b(a|b){3}[0-9]+", ".*/issue/[A-Z]+-[0-9]+"};
    for (String regex : regexes) {
      Pattern reference = Pattern.compile(regex);
      DfaMatcher shared = new DfaMatcher(
          AsciiDfa.build(regex, SubsetParser.parse(regex), 60), regex);
      assertThreadsRacingAgree(shared, reference, 3_000, 0, regex);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void matchWhenManyThreadsFirstMatchADeferredAutomatonThenOneIsBuiltAndEveryAnswerIsRe2js()
      throws Exception {
    String regex = "/rest/[ab]*a[ab]{3}";
    Pattern reference = Pattern.compile(regex);
    for (int round = 0; round < 20; round++) {
      DfaMatcher deferred = DfaMatcher.deferred(regex, "");
      assertThreadsRacingAgree(deferred, reference, 200, 31L * round, regex);
      assertThat(deferred.toString()).doesNotContain("not built yet");
    }
  }

  /**
   * Four threads released together, each deciding {@code inputs} random inputs on {@code
   * matcher}: every answer must be RE2J's.
   */
  private static void assertThreadsRacingAgree(DfaMatcher matcher, Pattern reference, int inputs,
      long seed, String regex) throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long threadSeed = seed + t;
      Callable<Integer> task = () -> {
        go.await();
        Random random = new Random(threadSeed);
        int wrong = 0;
        for (int i = 0; i < inputs; i++) {
          String input = input(random);
          if (matcher.matches(input) != reference.matcher(input).matches()) {
            wrong++;
          }
        }
        return wrong;
      };
      results.add(pool.submit(task));
    }
    go.countDown();
    for (Future<Integer> r : results) {
      assertThat(r.get()).as(regex).isZero();
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static String input(Random random) {
    String[] starts = {"/rest/", "/x/", "https://h/issue/"};
    StringBuilder b = new StringBuilder(starts[random.nextInt(starts.length)]);
    String alphabet = "abAB-09/";
    int n = random.nextInt(24);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static int states(UrlMatcher url) {
    return Integer.parseInt(url.toString().replaceAll(".*, (\\d+) states\\]\\]", "$1"));
  }
}
