package dev.limitto.jira.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** atlassian-plugin.xml declares the filter where Jira must run it. */
class PluginDescriptorTest {

  private static Element filter() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/atlassian-plugin.xml")) {
      Document d = f.newDocumentBuilder().parse(in);
      assertThat(d.getElementsByTagName("servlet-filter").getLength()).isEqualTo(1);
      return (Element) d.getElementsByTagName("servlet-filter").item(0);
    }
  }

  @Test
  void filterRunsBeforeLoginOnRest() throws Exception {
    Element e = filter();
    assertThat(e.getAttribute("location")).isEqualTo("before-login");
    assertThat(e.getElementsByTagName("url-pattern").item(0).getTextContent()).isEqualTo("/rest/*");
  }

  @Test
  void filterClassIsTheJavaxFilter() throws Exception {
    Class<?> c = Class.forName(filter().getAttribute("class"));
    assertThat(javax.servlet.Filter.class).isAssignableFrom(c);
  }
}
