package dev.limitto.engine.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The allocation-free canonicalisation ({@link RequestTarget#canonicalTarget}) agrees with the
 * full parse on every target: the same rejection rule, the same canonical path, the same {@code
 * _method} parameter (decoded name, any case), and query names that compare equal decoded.
 */
class PlainCanonicalPathProperties {

  @Property(tries = 3000)
  void canonicalTargetAgreesWithParse(
      @ForAll("paths") String path, @ForAll("queries") String query) {
    Request request = Request.of("GET", query == null ? path : path + "?" + query);
    StringBuilder into = new StringBuilder("stale");
    String rule = RequestTarget.canonicalTarget(request, Limits.defaults(), into);
    RequestTarget target = RequestTarget.parse(request, "https://h", Limits.defaults());
    if (target.isRejected()) {
      assertThat(rule).as("%s", request).isEqualTo(target.rejectionRule());
      return;
    }
    String override = RequestTarget.methodOverrideRejection(request, target);
    assertThat(rule).as("%s", request).isEqualTo(override);
    String canonical = into.length() == 0 ? request.rawPath() : into.toString();
    assertThat(canonical).isEqualTo(target.canonicalPath());
    if (into.length() > 0) {
      assertThat(request.rawPath()).contains("%");
    }
  }

  @Property(tries = 2000)
  void queryNameEqualsAgreesWithTheDecodedName(
      @ForAll("queries") String query, @ForAll("names") String name) {
    if (query == null || query.isEmpty()) {
      return;
    }
    Request request = Request.of("GET", "/a?" + query);
    RequestTarget target = RequestTarget.parse(request, "https://h", Limits.defaults());
    if (target.isRejected()) {
      return;
    }
    boolean found = false;
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      end = end < 0 ? query.length() : end;
      int eq = query.indexOf('=', start);
      int nameEnd = eq < 0 || eq > end ? end : eq;
      if (end > start && RequestTarget.queryNameEquals(query, start, nameEnd, name)) {
        found = true;
      }
      start = end + 1;
    }
    assertThat(found).as("%s in %s", name, query).isEqualTo(target.hasQueryParam(name));
  }

  @Example
  void canonicalTargetWhenPathAndQueryArePlainThenTheRawPathIsCanonical() {
    Request r = Request.of("GET", "/jira/rest/api/2/search?jql=project%20%3D%20KAN&maxResults=5");
    StringBuilder into = new StringBuilder();
    assertThat(RequestTarget.canonicalTarget(r, Limits.defaults(), into)).isNull();
    assertThat(into).isEmpty();
  }

  @Example
  void canonicalTargetWhenMethodParameterIsEncodedThenNamesIt() {
    StringBuilder into = new StringBuilder();
    assertThat(RequestTarget.canonicalTarget(Request.of("GET", "/a?%5FmEThOd=delete"),
        Limits.defaults(), into)).isEqualTo(Rejections.METHOD_OVERRIDE_PARAMETER);
    assertThat(RequestTarget.canonicalTarget(Request.of("GET", "/a%41?f%69elds=x"),
        Limits.defaults(), into)).isNull();
    assertThat(into).hasToString("/aA");
    assertThat(RequestTarget.canonicalTarget(Request.of("GET", "/a?x=%zz&_method=x"),
        Limits.defaults(), into)).isEqualTo(Rejections.QUERY_MALFORMED_PERCENT);
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withChars("/a.;%2F5e\\ #é").ofMinLength(0).ofMaxLength(12)
        .map(s -> s.indexOf('?') < 0 ? s : s.replace("?", ""));
  }

  @Provide
  Arbitrary<String> queries() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.strings().withChars("a=&%2F_mEThOd+ é#").ofMinLength(0).ofMaxLength(14),
        Arbitraries.of("%5Fmethod=1", "_Method", "%5f%4De%54hod", "f%69elds=a", "a+b=1",
            "caf%C3%A9=1", "%F0%9F%98%80=x", "a%26b=2&a=1"));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.of("a", "fields", "a b", "a&b", "_method", "café", "\uD83D\uDE00", "");
  }
}
