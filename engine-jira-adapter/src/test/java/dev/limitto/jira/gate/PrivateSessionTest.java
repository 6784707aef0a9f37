package dev.limitto.jira.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The private session of a token request, in both servlet namespaces from the one policy. */
class PrivateSessionTest {

  @Test
  void jakartaSessionKeepsAttributesUntilInvalidated() {
    jakarta.servlet.ServletContext context = (jakarta.servlet.ServletContext) java.lang.reflect.Proxy
        .newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {jakarta.servlet.ServletContext.class}, (p, m, a) -> null);
    jakarta.servlet.http.HttpSession s =
        PrivateSession.create(jakarta.servlet.http.HttpSession.class, context);
    s.setAttribute("seraph", "alice");
    assertThat(s.getAttribute("seraph")).isEqualTo("alice");
    assertThat(Collections.list(s.getAttributeNames())).containsExactly("seraph");
    assertThat(s.getId()).startsWith("limit-to-");
    assertThat(s.isNew()).isTrue();
    assertThat(s.getServletContext()).isSameAs(context);
    s.setAttribute("seraph", null);
    assertThat(s.getAttribute("seraph")).isNull();
    s.invalidate();
    assertThatThrownBy(() -> s.getAttribute("seraph")).isInstanceOf(IllegalStateException.class);
    assertThat(s.getId()).startsWith("limit-to-");
  }

  @Test
  @SuppressWarnings("deprecation")
  void javaxSessionAnswersTheDeprecatedValueMethodsFromTheSameAttributes() {
    javax.servlet.http.HttpSession s =
        PrivateSession.create(javax.servlet.http.HttpSession.class, null);
    s.putValue("a", 1);
    assertThat(s.getAttribute("a")).isEqualTo(1);
    assertThat(s.getValue("a")).isEqualTo(1);
    assertThat(s.getValueNames()).containsExactly("a");
    s.removeValue("a");
    assertThat(s.getAttribute("a")).isNull();
    assertThat(s.getSessionContext()).isNull();
    s.setMaxInactiveInterval(30);
    assertThat(s.getMaxInactiveInterval()).isEqualTo(30);
  }

  @Test
  void twoSessionsAreNeverEqualAndEachHasItsOwnId() {
    jakarta.servlet.http.HttpSession a =
        PrivateSession.create(jakarta.servlet.http.HttpSession.class, null);
    jakarta.servlet.http.HttpSession b =
        PrivateSession.create(jakarta.servlet.http.HttpSession.class, null);
    assertThat(a).isNotEqualTo(b).isEqualTo(a);
    assertThat(a.getId()).isNotEqualTo(b.getId());
    assertThat(PrivateSession.id(a)).isEqualTo(a.getId());
  }
}
