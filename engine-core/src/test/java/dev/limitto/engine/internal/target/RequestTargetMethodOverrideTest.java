package dev.limitto.engine.internal.target;

import static dev.limitto.engine.internal.target.TestViews.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.HttpRequestView;
import dev.limitto.engine.Limits;
import dev.limitto.engine.Request;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetMethodOverrideTest {

  private static String overrideOf(HttpRequestView request) {
    RequestTarget target = RequestTarget.parse(request, ORIGIN, Limits.defaults());
    return RequestTarget.methodOverrideRejection(request, target);
  }

  @Test
  void methodOverrideRejectionWhenRequestHasNoOverrideThenNull() {
    Request r = Request.builder("POST", "/rest/api/2/issue?method=PUT&x_method=1")
        .header("Content-Type", "application/json")
        .header("X-Requested-With", "XMLHttpRequest")
        .build();
    assertThat(overrideOf(r)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "X-HTTP-Method-Override, X-HTTP-Method-Override",
    "x-http-method-override, X-HTTP-Method-Override",
    "X-HTTP-METHOD-OVERRIDE, X-HTTP-Method-Override",
    "X-HTTP-Method, X-HTTP-Method",
    "x-http-method, X-HTTP-Method",
    "X-Method-Override, X-Method-Override",
    "x-method-override, X-Method-Override"
  })
  void methodOverrideRejectionWhenOverrideHeaderIsPresentThenRejectsNamingIt(
      String sent, String named) {
    Request r = Request.builder("POST", "/rest/api/2/issue/X-1").header(sent, "DELETE").build();
    assertThat(overrideOf(r)).isEqualTo(Rejections.METHOD_OVERRIDE_HEADER + ": " + named);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "GET", "post", "nonsense"})
  void methodOverrideRejectionWhenOverrideHeaderHasAnyValueThenRejects(String value) {
    Request r = Request.builder("GET", "/x").header("X-HTTP-Method-Override", value).build();
    assertThat(overrideOf(r)).startsWith(Rejections.METHOD_OVERRIDE_HEADER);
  }

  @Test
  void methodOverrideRejectionWhenHeaderViewIsCaseSensitiveMapThenStillLooksUpByViewContract() {
    // the view contract says header lookup is case-insensitive; RawView honours it
    HttpRequestView r = new TestViews.RawView("/x", null, Map.of("x-method-override", "PUT"));
    assertThat(overrideOf(r)).isEqualTo(Rejections.METHOD_OVERRIDE_HEADER + ": X-Method-Override");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/x?_method=DELETE",
        "/x?_method",
        "/x?_method=",
        "/x?a=1&_method=PUT",
        "/x?%5Fmethod=PUT",
        "/x?_%6Dethod=PUT",
        "/x?_METHOD=PUT",
        "/x?_Method=PUT"
      })
  void methodOverrideRejectionWhenMethodQueryParameterIsPresentThenRejects(String target) {
    assertThat(overrideOf(Request.of("POST", target)))
        .isEqualTo(Rejections.METHOD_OVERRIDE_PARAMETER);
  }

  @Test
  void methodOverrideRejectionWhenMethodIsOnlyInAValueThenNull() {
    assertThat(overrideOf(Request.of("POST", "/x?a=_method&b=_method%3DPUT"))).isNull();
  }

  @Test
  void methodOverrideRejectionWhenMethodIsInThePathThenNull() {
    assertThat(overrideOf(Request.of("POST", "/x/_method=PUT"))).isNull();
  }

  @Test
  void methodOverrideRejectionWhenBothHeaderAndParameterThenNamesTheHeader() {
    Request r = Request.builder("POST", "/x?_method=PUT").header("X-HTTP-Method", "PUT").build();
    assertThat(overrideOf(r)).isEqualTo(Rejections.METHOD_OVERRIDE_HEADER + ": X-HTTP-Method");
  }

  @Test
  void methodOverrideRejectionWhenTargetIsRejectedThenStillChecksHeaders() {
    Request r = Request.builder("POST", "/a/../b").header("X-HTTP-Method", "PUT").build();
    assertThat(overrideOf(r)).isEqualTo(Rejections.METHOD_OVERRIDE_HEADER + ": X-HTTP-Method");
  }
}
