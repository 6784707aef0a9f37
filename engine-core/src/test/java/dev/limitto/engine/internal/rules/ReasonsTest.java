package dev.limitto.engine.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasonsTest {

  @Test
  void lineWhenFilledWithoutFormatterThenSameTextAsTheFormat() {
    assertThat(Reasons.line(1234, "method GET not in [POST]"))
        .isEqualTo(String.format(Reasons.LINE, 1234, "method GET not in [POST]"));
  }

  @Test
  void urlNoMatchWhenFilledWithoutFormatterThenSameTextAsTheFormatWithEchoes() {
    String url = "https://h/a\u0007" + "x".repeat(300);
    assertThat(Reasons.urlNoMatch(url, ".*/b"))
        .isEqualTo(String.format(Reasons.URL_NO_MATCH, Reasons.echo(url), Reasons.echo(".*/b")));
  }
}
