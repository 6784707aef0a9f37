package dev.limitto.jira.admin;

import static dev.limitto.jira.admin.ApiFixture.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin page and its files as the API serves them, without a container or a browser. */
class AdminPageTest {

  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ApiFixture f = new ApiFixture();

  private static AdminRequest.Builder get(String rest) {
    return AdminRequest.builder("GET", AdminApi.PAGE_PATH + rest).remoteUser("admin");
  }

  private static String text(AdminResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static void assertPageHeaders(AdminResponse r) {
    assertThat(r.header("Content-Security-Policy")).isEqualTo(CSP);
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(r.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("X-Content-Type-Options")))
        .hasSize(1);
  }

  @Test
  void page_whenAdmin_thenHtmlWithStrictCspNeverStored() {
    AdminResponse r = f.call(get(""));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertPageHeaders(r);
    assertThat(text(r)).startsWith("<!DOCTYPE html>").contains("<title>Limit-to: API tokens</title>");
  }

  @Test
  void page_holdsNoInlineScriptStyleOrHandler() {
    String html = text(f.call(get("")));
    Matcher script = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
    int scripts = 0;
    while (script.find()) {
      scripts++;
      assertThat(script.group(1)).as(script.group()).contains(" src=\"admin/");
      assertThat(script.group(2)).as(script.group()).isBlank();
    }
    assertThat(scripts).isEqualTo(2);
    assertThat(html).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=")
        .doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContainPattern("(?i)javascript:");
  }

  @Test
  void page_everyFileItLinksIsServedAndNothingElseIsLinked() {
    String html = text(f.call(get("")));
    Matcher link = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"").matcher(html);
    List<String> linked = new ArrayList<>();
    while (link.find()) {
      linked.add(link.group(1));
    }
    assertThat(linked).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("admin/"));
    for (String u : linked) {
      AdminResponse r = f.call(get(u.substring("admin".length())));
      assertThat(r.status()).as(u).isEqualTo(200);
      assertThat(r.header("Cache-Control")).as(u).isEqualTo("no-cache");
      assertThat(r.header("ETag")).as(u).matches("\"[0-9a-f]{32}\"");
      assertPageHeaders(r);
    }
    assertThat(f.call(get("/admin.js")).header("Content-Type")).isEqualTo("text/javascript;charset=UTF-8");
    assertThat(f.call(get("/admin.css")).header("Content-Type")).isEqualTo("text/css;charset=UTF-8");
    assertThat(f.call(get("/vendor/uPlot.iife.min.js")).header("Content-Type"))
        .isEqualTo("text/javascript;charset=UTF-8");
  }

  @Test
  void pageScript_putsDataOnThePageAsTextOnly() {
    String js = text(f.call(get("/admin.js")));
    assertThat(js).doesNotContain("innerHTML").doesNotContain("outerHTML")
        .doesNotContain("insertAdjacentHTML").doesNotContain("document.write")
        .doesNotContain("eval(").doesNotContain("new Function").doesNotContain(".style.")
        .contains("headers['X-Atlassian-Token'] = 'no-check'");
  }

  @Test
  void asset_whenUnchanged_then304WithoutBody() {
    AdminResponse first = f.call(get("/admin.js"));
    AdminResponse again = f.call(get("/admin.js").header("If-None-Match", first.header("ETag")));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    assertPageHeaders(again);
  }

  @Test
  void page_whenAnonymous_then401WithThePagesHeaders() {
    AdminResponse r = f.call(AdminRequest.builder("GET", AdminApi.PAGE_PATH));
    assertThat(r.status()).isEqualTo(401);
    assertThat(body(r).path("code").asText()).isEqualTo(AdminErrors.NOT_AUTHENTICATED);
    assertPageHeaders(r);
    assertThat(f.call(AdminRequest.builder("GET", AdminApi.PAGE_PATH + "/admin.js")).status())
        .isEqualTo(401);
  }

  @Test
  void page_whenNotAdminOrToken_then403() {
    AdminResponse user = f.call(AdminRequest.builder("GET", AdminApi.PAGE_PATH).remoteUser("alice"));
    assertThat(body(user).path("code").asText()).isEqualTo(AdminErrors.NOT_ADMIN);
    AdminResponse token = f.call(get("").tokenAuthenticated(true));
    assertThat(token.status()).isEqualTo(403);
    assertThat(body(token).path("code").asText()).isEqualTo(AdminErrors.TOKEN_NOT_ALLOWED);
  }

  @Test
  void page_whenFileUnknownOrPathClimbs_then404() {
    for (String rest : List.of("/nothing.js", "/../openapi.json", "/vendor/../admin.js",
        "/admin.js/", "/vendor/uPlot.esm.js", "/vendor/LICENSE", "//admin.js", "/ADMIN.JS",
        "/admin.js%00")) {
      AdminResponse r = f.call(get(rest));
      assertThat(r.status()).as(rest).isEqualTo(404);
      assertThat(body(r).path("code").asText()).as(rest).isEqualTo(AdminErrors.NOT_FOUND);
      assertPageHeaders(r);
    }
  }

  @Test
  void page_whenNotGet_then405AllowGet() {
    AdminResponse r = f.call(AdminRequest.builder("POST", AdminApi.PAGE_PATH).remoteUser("admin")
        .header(AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK));
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("GET");
  }

  @Test
  void page_withTrailingSlash_thenRedirectedToThePage() {
    AdminResponse r = f.call(get("/"));
    assertThat(r.status()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo("../admin");
  }
}
