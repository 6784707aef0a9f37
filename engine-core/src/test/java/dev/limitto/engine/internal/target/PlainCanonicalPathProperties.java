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
 * The allocation-free check never accepts what the full parse would reject or decode: when it
 * returns a path, the parse accepts the target with that very path and finds no _method.
 */
class PlainCanonicalPathProperties {

  @Property(tries = 3000)
  void plainPathWhenReturnedThenParseAcceptsTheSamePathWithoutOverride(
      @ForAll("paths") String path, @ForAll("queries") String query) {
    Request request = Request.of("GET", query == null ? path : path + "?" + query);
    String plain = RequestTarget.plainCanonicalPath(request, Limits.defaults());
    RequestTarget target = RequestTarget.parse(request, "https://h", Limits.defaults());
    if (plain != null) {
      assertThat(target.isRejected()).as("%s", request).isFalse();
      assertThat(target.canonicalPath()).isEqualTo(plain).isEqualTo(request.rawPath());
      assertThat(RequestTarget.methodOverrideRejection(request, target)).isNull();
    } else if (!target.isRejected()
        && target.canonicalPath().equals(request.rawPath())
        && RequestTarget.methodOverrideRejection(request, target) == null) {
      // declined only for a query parameter name that needs decoding
      assertThat(request.rawQuery()).containsAnyOf("%", "+");
    }
  }

  @Example
  void plainPathWhenPathAndQueryArePlainThenIsTheRawPath() {
    Request r = Request.of("GET", "/jira/rest/api/2/search?jql=project%20%3D%20KAN&maxResults=5");
    assertThat(RequestTarget.plainCanonicalPath(r, Limits.defaults())).isSameAs(r.rawPath());
  }

  @Example
  void plainPathWhenMethodParameterOrEncodedPathThenDeclines() {
    assertThat(RequestTarget.plainCanonicalPath(Request.of("GET", "/a?_METHOD=delete"), Limits.defaults())).isNull();
    assertThat(RequestTarget.plainCanonicalPath(Request.of("GET", "/a%41"), Limits.defaults())).isNull();
    assertThat(RequestTarget.plainCanonicalPath(Request.of("GET", "/a/../b"), Limits.defaults())).isNull();
    assertThat(RequestTarget.plainCanonicalPath(Request.of("GET", "/a?x=%zz"), Limits.defaults())).isNull();
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
        Arbitraries.strings().withChars("a=&%2F_mEThOd+ é#").ofMinLength(0).ofMaxLength(14));
  }
}
