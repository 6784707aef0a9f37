package dev.limitto.jira.gate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormParametersTest {

  @Test
  void parseWhenQueryAndFormThenQueryFirstAndValuesInOrder() {
    Map<String, String[]> p = FormParameters.parse("a=1&b=x+y&a=%32",
        "a=3&c=%C3%A9t%C3%A9".getBytes(UTF_8), UTF_8);
    assertThat(p.keySet()).containsExactly("a", "b", "c");
    assertThat(p.get("a")).containsExactly("1", "2", "3");
    assertThat(p.get("b")).containsExactly("x y");
    assertThat(p.get("c")).containsExactly("été");
  }

  @Test
  void parseWhenCredentialParametersThenLeavesThemOut() {
    Map<String, String[]> p = FormParameters.parse("os_username=admin",
        "os_password=x&os%5Fpassword=y&keep=1".getBytes(UTF_8), UTF_8);
    assertThat(p.keySet()).containsExactly("keep");
  }

  @Test
  void parseWhenEscapeIsMalformedThenKeepsItAsIs() {
    assertThat(FormParameters.parse("a=%zz%4", null, UTF_8).get("a")).containsExactly("%zz%4");
  }

  @Test
  void parseWhenNameHasNoValueThenEmptyValue() {
    assertThat(FormParameters.parse("flag&&x=", null, UTF_8).get("flag")).containsExactly("");
  }

  @Test
  void hasAnyNameComparesDecodedNames() {
    Set<String> names = FormParameters.CREDENTIAL_PARAMETERS;
    assertThat(FormParameters.hasAnyName("a=1&os%5Fusername=x", names, UTF_8)).isTrue();
    assertThat(FormParameters.hasAnyName("os_password", names, UTF_8)).isTrue();
    assertThat(FormParameters.hasAnyName("x=os_password", names, UTF_8)).isFalse();
    assertThat(FormParameters.hasAnyName(null, names, UTF_8)).isFalse();
  }
}
