package dev.limitto.engine.internal.target;

import static dev.limitto.engine.internal.target.TestViews.ORIGIN;
import static dev.limitto.engine.internal.target.TestViews.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Limits;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile request targets at and beyond the limits. The timeouts are generous on purpose: they
 * catch quadratic or worse behaviour, not slowness (speed is measured in benchmarks/).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RequestTargetDosTest {

  private static final Limits LIMITS = Limits.defaults();

  @Test
  void parseWhenPathIsHugeThenRejectsOnLengthWithoutReadingIt() {
    String path = "/" + "%C3%A9".repeat(2_000_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(RequestTarget.parse(view(path, null), ORIGIN, LIMITS).rejectionRule())
          .isEqualTo(Rejections.PATH_TOO_LONG);
    }
  }

  @Test
  void parseWhenQueryIsHugeThenRejectsOnLengthWithoutReadingIt() {
    String query = "a=%".repeat(4_000_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(RequestTarget.parse(view("/s", query), ORIGIN, LIMITS).rejectionRule())
          .isEqualTo(Rejections.QUERY_TOO_LONG);
    }
  }

  @Test
  void parseWhenPathIsFullyEncodedUpToTheLimitThenStaysLinear() {
    int n = LIMITS.maxPathLength() / 6;
    String path = "/" + "%C3%A9".repeat(n);
    for (int i = 0; i < 1_000; i++) {
      RequestTarget t = RequestTarget.parse(view(path, null), ORIGIN, LIMITS);
      assertThat(t.canonicalPath()).hasSize(n + 1);
    }
  }

  @Test
  void parseWhenPathHasManySegmentsUpToTheLimitThenStaysLinear() {
    String path = "/a".repeat(LIMITS.maxPathLength() / 2);
    for (int i = 0; i < 1_000; i++) {
      assertThat(RequestTarget.parse(view(path, null), ORIGIN, LIMITS).isRejected()).isFalse();
    }
  }

  @Test
  void queryValuesWhenQueryHasThousandsOfParametersThenStaysLinear() {
    String query = "a&".repeat(LIMITS.maxQueryLength() / 2);
    for (int i = 0; i < 200; i++) {
      RequestTarget t = RequestTarget.parse(view("/s", query), ORIGIN, LIMITS);
      assertThat(t.queryValues("a")).hasSize(LIMITS.maxQueryLength() / 2);
      assertThat(t.hasQueryParam("b")).isFalse();
      assertThat(RequestTarget.methodOverrideRejection(view("/s", query), t)).isNull();
    }
  }

  @Test
  void rejectionWhenOffenceIsAtTheEndOfALongPathThenExcerptStaysShort() {
    String path = "/" + "a".repeat(LIMITS.maxPathLength() - 2) + ";";
    RequestTarget t = RequestTarget.parse(view(path, null), ORIGIN, LIMITS);
    assertThat(t.rejectionRule()).isEqualTo(Rejections.PATH_SEMICOLON);
    assertThat(t.rejection().length()).isLessThan(Rejections.PATH_SEMICOLON.length() + 80);
  }
}
