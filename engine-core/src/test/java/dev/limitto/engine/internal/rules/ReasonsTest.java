package dev.limitto.engine.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request text echoed into denial reasons is one bounded, printable line. */
class ReasonsTest {

  @Test
  void echoWhenTextHasControlCharactersThenEscapesThem() {
    assertThat(Reasons.echo("a\nb\u0000c\u007f\u2028d")).isEqualTo(
        "a\\u000ab\\u0000c\\u007f\\u2028d");
  }

  @Test
  void echoWhenTextIsLongThenCutsAfterTheLimit() {
    assertThat(Reasons.echo("x".repeat(Reasons.MAX_ECHO))).isEqualTo("x".repeat(Reasons.MAX_ECHO));
    assertThat(Reasons.echo("x".repeat(Reasons.MAX_ECHO + 1)))
        .isEqualTo("x".repeat(Reasons.MAX_ECHO) + "...");
  }

  @Test
  void echoWhenCutFallsInsideASurrogatePairThenKeepsThePairWhole() {
    String text = "x".repeat(Reasons.MAX_ECHO - 1) + "\ud83d\ude00tail";
    assertThat(Reasons.echo(text)).isEqualTo("x".repeat(Reasons.MAX_ECHO - 1) + "...");
  }

  @Test
  void echoWhenNullThenSaysNone() {
    assertThat(Reasons.echo(null)).isEqualTo("(none)");
  }
}
