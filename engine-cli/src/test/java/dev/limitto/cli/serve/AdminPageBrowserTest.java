package dev.limitto.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.limitto.cli.CliRun;
import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.harness.TempDirs;
import dev.limitto.jira.harness.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page as an administrator uses it: {@code serve} in its own JVM, the page in a real
 * headless Chromium (Debian's {@code chromium} and {@code chromedriver}, given explicitly so that
 * nothing is downloaded), driven with Selenium. One walk through the page, a test per step:
 * the token table, creating a token (the owner chosen from the host's users the owner picker
 * offers, {@code GET /users}) with the live lint marking a broken line, the token shown
 * once and copied, then used against the sample API, user text shown as text, the rule tester,
 * revoking with a confirmation, the audit with its chart. At the end: every request the page
 * made is the page, its files or a documented route of the REST API, and the browser reported
 * no Content-Security-Policy violation. A screenshot of each state goes to {@code
 * target/screenshots/}.
 *
 * <p>Without the browser or the driver the test is skipped with a message, and fails under
 * {@code CI=true} ({@code .ci/run} installs both).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminPageBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** A label that would run script if the page put it on the page as HTML. */
  static final String SCRIPT_LABEL = "<script>window.__xss='label'</script><img src=x onerror=\"window.__xss='img'\"> reporting";
  /** A rule line that would run script if shown as HTML. */
  static final String SCRIPT_RULE =
      "[get]{base}/rest/api/2/search[QueryParam::jql==<script>window.__xss='rule'</script>]";
  /**
   * A request path holding script, percent-encoded as a client must send it (the audit keeps
   * the URL as sent, so the audit view shows it encoded, as text).
   */
  static final String SCRIPT_PATH = "/rest/api/2/issue/%3Cscript%3Ewindow.__xss=1%3C/script%3E";
  static final String BROKEN_RULE = "[get]{base}/rest/api/2/issue/(DEMO-[0-9]+";

  @TempDir static Path tmp;

  private ServeProcess serve;
  private String base;
  private String page;
  private String password;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private final List<JsonNode> requests = new ArrayList<>();
  private final List<LogEntry> console = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  // shared by the steps, in order
  private String tokenId;
  private String secret;

  @BeforeAll
  void start() throws Exception {
    Tools.assumePresent(CHROMIUM.toString(), "the admin page in a real browser");
    Tools.assumePresent(CHROMEDRIVER.toString(), "the admin page in a real browser");
    serve = ServeProcess.start(tmp.resolve("data"));
    List<String> banner = serve.awaitBanner();
    base = ServeEndToEndTest.baseUrl(banner);
    page = base + AdminApi.PAGE_PATH;
    password = ServeEndToEndTest.adminPassword(banner);
    assertThat(banner).contains(ServeCommand.ADMIN_PAGE + " " + page
        + " (sign in as 'admin' with the admin password; see docs/admin-guide.md)");
    Files.createDirectories(SCREENSHOTS);
    // a second token, made by a script through the REST API, as the table usually has several
    HttpResponse<String> made = http.send(HttpRequest.newBuilder(
            URI.create(base + AdminApi.BASE_PATH + "/tokens"))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
        .header(AdminApi.XSRF_HEADER, AdminApi.XSRF_NO_CHECK)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userName\":\"bob\",\"label\":\"KANBAN board"
            + " reporting\",\"validDays\":90,\"ip\":\"127.0.0.1, 10.20.0.0/16\",\"limitTo\":"
            + "\"[get]{base}/rest/api/2/search[QueryParam::jql==project = KANBAN]\\n"
            + "[get]{base}/rest/api/2/issue/KANBAN-[0-9]+\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

    // everything the browser and its driver write goes below the test's directory
    Path chromeTmp = Files.createDirectories(tmp.resolve("chrome-tmp"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withEnvironment(Map.of("TMPDIR", chromeTmp.toString(), "HOME", chromeTmp.toString()))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + tmp.resolve("chrome-profile"), "--window-size=1280,1000",
        "--lang=en-US", "--force-device-scale-factor=1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, WAIT);
    // the page redraws a table from the API's answer: an element found a moment ago may be gone
    wait.ignoring(StaleElementReferenceException.class);
    driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base,
        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

    // the browser's login dialog, as a person fills it in: the credentials once, then the
    // browser sends them by itself (the page's own URL carries none)
    URI u = URI.create(page);
    driver.get(u.getScheme() + "://admin:" + password + "@" + u.getAuthority() + u.getPath());
    // what the browser logged so far is the test's login, not the page's requests
    driver.manage().logs().get(LogType.PERFORMANCE);
    driver.get(page);
    wait.until(d -> !"".equals(attr(By.tagName("body"), "data-ready")));
    assertThat(attr(By.tagName("body"), "data-ready")).as(text(By.id("message"))).isEqualTo("true");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (serve != null) {
        assertThat(serve.stop()).as(serve::stderr).isZero();
        assertThat(serve.stderr()).doesNotContain("ltk_");
      }
      // the browser's profile and temporary files are under tmp, which JUnit removes; the test
      // JVM's Tomcat settings are not touched here (serve runs in its own JVM)
      TempDirs.deleteTree(tmp.resolve("chrome-profile"));
      TempDirs.deleteTree(tmp.resolve("chrome-tmp"));
    }
  }

  // ---- the steps

  @Test
  @Order(1)
  void tokenTable_listsTheDemoTokenWithItsRulesAndState() throws Exception {
    wait.until(d -> rowOf("KANBAN board reporting"));
    WebElement row = rowOf("demo");
    assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("active");
    assertThat(row.getText()).contains("demo").contains("4 lines").contains("any");
    assertThat(text(By.id("settings"))).contains("BASIC auth").contains("secure mode off");
    screenshot("01-tokens");
  }

  @Test
  @Order(2)
  void create_liveLintMarksTheBrokenLineWithTheMessageOfLimitToLint() throws Exception {
    driver.findElement(By.id("tab-create")).click();
    pickOwner("alice@exa", "alice", "alice \u00b7 alice@example.com");
    driver.findElement(By.id("create-label")).sendKeys(SCRIPT_LABEL);
    WebElement rules = driver.findElement(By.id("create-rules"));
    rules.sendKeys("[get]{base}/rest/api/2/myself", Keys.ENTER, BROKEN_RULE);

    // the mark appears while typing, without a click: POST rules/lint, debounced
    WebElement mark = wait.until(d -> first(By.cssSelector("#editor-backdrop mark.error")));
    assertThat(mark.getAttribute("data-line")).isEqualTo("2");
    WebElement issue = driver.findElement(By.cssSelector("#lint-issues li.error"));
    String column = issue.getAttribute("data-column");
    String message = issue.findElement(By.cssSelector(".msg")).getText();
    assertThat(mark.getAttribute("data-column")).isEqualTo(column);
    assertThat(issue.findElement(By.cssSelector(".pos")).getText()).isEqualTo("2:" + column);
    assertThat(attr(By.cssSelector("#editor-gutter .ln:nth-child(2)"), "class")).contains("has-error");
    assertThat(text(By.id("lint-summary"))).startsWith("1 error");

    // the same message as ./limit-to lint prints for that file, at the same line and column
    Path file = tmp.resolve("broken.rules");
    Files.writeString(file, "[get]{base}/rest/api/2/myself\n" + BROKEN_RULE + "\n");
    CliRun cli = CliRun.run("", "lint", "--base-url", base, file.toString());
    assertThat(cli.out() + cli.err()).contains(file + ":2:" + column + ": error: " + message);

    // the message on hover: over the mark, the editor's title is the message
    new Actions(driver).moveToElement(mark).perform();
    wait.until(d -> rules.getAttribute("title") != null);
    assertThat(rules.getAttribute("title")).isEqualTo("2:" + column + ": error: " + message);
    assertThat(attr(By.cssSelector("#editor-gutter .ln:nth-child(2)"), "title"))
        .isEqualTo("2:" + column + ": error: " + message);
    screenshot("02-create-live-lint");

    // fixed, and a line holding <script>: the mark goes away
    rules.sendKeys(Keys.BACK_SPACE);
    replaceLastLine(rules, "[get]{base}/rest/api/2/issue/DEMO-[0-9]+");
    rules.sendKeys(Keys.ENTER, SCRIPT_RULE);
    wait.until(d -> driver.findElements(By.cssSelector("#editor-backdrop mark.error")).isEmpty()
        && !text(By.id("lint-summary")).startsWith("Checking"));
    assertThat(driver.findElements(By.cssSelector("#lint-issues li.error"))).isEmpty();
  }

  @Test
  @Order(3)
  void create_showsTheTokenOnceWithCopyButtons_andTheTokenWorksAgainstTheSampleApi()
      throws Exception {
    driver.findElement(By.id("create-days")).sendKeys("7");
    driver.findElement(By.id("create-submit")).click();
    WebElement secretField = wait.until(d -> {
      WebElement s = d.findElement(By.id("created-secret"));
      return s.isDisplayed() && !s.getAttribute("value").isEmpty() ? s : null;
    });
    secret = secretField.getAttribute("value");
    assertThat(secret).startsWith("ltk_");
    assertThat(text(By.id("created-once"))).contains("shown here once");
    assertThat(text(By.id("created-curl"))).contains(secret).contains("/rest/api/2/myself");
    // the JavaScript snippet sends it as Basic base64("alice:TOKEN")
    assertThat(text(By.id("created-js"))).contains(Base64.getEncoder()
        .encodeToString(("alice:" + secret).getBytes(StandardCharsets.UTF_8)));
    assertThat(text(By.id("created-label"))).isEqualTo(SCRIPT_LABEL);

    // the copy button puts the token on the clipboard
    driver.findElement(By.id("copy-secret")).click();
    wait.until(d -> text(By.id("copy-secret")).equals("Copied"));
    Object clip = driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "navigator.clipboard.readText().then(done, function (e) { done('failed: ' + e); });");
    assertThat(clip).isEqualTo(secret);
    screenshot("03-token-shown-once");

    // as an integration would use it: its rules allow myself, not another issue project
    assertThat(sampleApi("/rest/api/2/myself").statusCode()).isEqualTo(200);
    assertThat(sampleApi("/rest/api/2/issue/OPS-1").statusCode()).isEqualTo(403);
    // a URL holding <script>, for the audit view
    HttpResponse<String> scriptUrl = sampleApi(SCRIPT_PATH);
    assertThat(scriptUrl.statusCode()).as(scriptUrl.body()).isEqualTo(403);

    driver.findElement(By.id("created-done")).click();
    wait.until(d -> rowOfId(tokenIdFromTable()) != null);
    // the secret left the page with "Done"
    assertThat(driver.findElement(By.id("created-secret")).getAttribute("value")).isEmpty();
    assertThat(driver.getPageSource()).doesNotContain(secret);
  }

  @Test
  @Order(4)
  void userText_labelAndRuleLineHoldingScript_areShownAsTextAndRunNothing() throws Exception {
    WebElement row = rowOfId(tokenId);
    assertThat(row.findElement(By.cssSelector(".label-text")).getText()).isEqualTo(SCRIPT_LABEL);
    assertThat(row.findElement(By.cssSelector("td.rules")).getAttribute("title"))
        .contains(SCRIPT_RULE);
    assertThat(row.getText()).contains("alice").contains("3 lines");
    driver.findElement(By.id("token-search")).sendKeys("<script>");
    wait.until(d -> text(By.id("token-count")).equals("1 of 3 tokens"));
    assertNoScriptRan();
    screenshot("04-tokens-search-script-label");
    driver.findElement(By.id("token-search")).clear();
    driver.findElement(By.id("token-search")).sendKeys(Keys.BACK_SPACE);
  }

  @Test
  @Order(5)
  void ruleTester_saysWhichLineAllowsAndWhyEachOtherLineFailed() throws Exception {
    rowOfId(tokenId).findElement(By.cssSelector("button[data-try]")).click();
    wait.until(d -> d.findElement(By.id("view-tester")).isDisplayed());
    assertThat(new Select(driver.findElement(By.id("try-source"))).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo(tokenId);
    assertThat(driver.findElement(By.id("try-rules")).getAttribute("value")).contains(SCRIPT_RULE);
    WebElement target = driver.findElement(By.id("try-target"));
    target.clear();
    target.sendKeys("/rest/api/2/issue/DEMO-12");
    driver.findElement(By.id("try-submit")).click();
    wait.until(d -> d.findElement(By.id("try-result")).isDisplayed());
    assertThat(text(By.id("try-decision"))).isEqualTo("Allowed by line 2");
    List<WebElement> lines = driver.findElements(By.cssSelector("#try-lines li"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).getAttribute("class")).isEqualTo("matched");
    assertThat(lines.get(0).getAttribute("class")).isEqualTo("failed");
    assertThat(lines.get(0).findElement(By.cssSelector(".detail")).getText()).isNotBlank();
    assertThat(lines.get(2).findElement(By.cssSelector("code")).getText()).isEqualTo(SCRIPT_RULE);

    target.clear();
    target.sendKeys("/rest/api/2/issue/OPS-1");
    driver.findElement(By.id("try-submit")).click();
    wait.until(d -> text(By.id("try-decision")).equals("Refused"));
    assertThat(driver.findElements(By.cssSelector("#try-lines li.failed"))).hasSize(3);
    assertThat(text(By.id("try-reason"))).isNotBlank();
    assertNoScriptRan();
    screenshot("05-rule-tester");
  }

  @Test
  @Order(6)
  void revoke_afterConfirmation_theTokenIsRefusedAtOnce() throws Exception {
    driver.findElement(By.id("tab-tokens")).click();
    rowOfId(tokenId).findElement(By.cssSelector("button[data-revoke]")).click();
    WebElement dialog = wait.until(d -> {
      WebElement x = d.findElement(By.id("revoke-dialog"));
      return x.isDisplayed() ? x : null;
    });
    assertThat(text(By.id("revoke-label"))).isEqualTo(SCRIPT_LABEL);
    assertThat(text(By.id("revoke-id"))).isEqualTo(tokenId);
    screenshot("06-revoke-confirmation");
    // cancelling changes nothing
    driver.findElement(By.id("revoke-cancel")).click();
    wait.until(d -> !dialog.isDisplayed());
    assertThat(sampleApi("/rest/api/2/myself").statusCode()).isEqualTo(200);

    rowOfId(tokenId).findElement(By.cssSelector("button[data-revoke]")).click();
    wait.until(d -> dialog.isDisplayed());
    driver.findElement(By.id("revoke-confirm")).click();
    wait.until(d -> {
      WebElement r = rowOfId(tokenId);
      return r != null && r.getAttribute("class").contains("state-revoked");
    });
    assertThat(rowOfId(tokenId).findElements(By.cssSelector("button[data-revoke]"))).isEmpty();
    assertThat(text(By.id("message"))).startsWith("Revoked ");
    assertThat(sampleApi("/rest/api/2/myself").statusCode()).isEqualTo(401);
    screenshot("07-token-revoked");
  }

  @Test
  @Order(7)
  void audit_newestFirstWithRefusedRowsMarkedAndAChartPerDay() throws Exception {
    rowOfId(tokenId).findElement(By.cssSelector("button[data-audit]")).click();
    wait.until(d -> d.findElement(By.id("view-audit")).isDisplayed());
    // the audit log is written asynchronously: wait for the revocation to be in it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!text(By.id("audit-rows")).contains("REVOKE") && System.nanoTime() < deadline) {
      Thread.sleep(300);
      driver.findElement(By.id("audit-apply")).click();
    }
    List<String> rows = new ArrayList<>();
    for (WebElement r : driver.findElements(By.cssSelector("#audit-rows tr"))) {
      String what = r.findElements(By.tagName("td")).get(3).getText();
      String kind = r.getAttribute("class");
      rows.add(kind + " " + (kind.equals("admin") ? what.split(" ")[0] : what)
          + (kind.equals("allowed") ? " line " + r.findElements(By.tagName("td")).get(5).getText() : ""));
    }
    // newest first: the refused request after the revocation (once written), the revocation,
    // ..., the first allowed request, the creation
    assertThat(rows.subList(0, 2)).contains("admin REVOKE");
    assertThat(rows.get(rows.size() - 1)).isEqualTo("admin CREATE");
    assertThat(rows).containsSubsequence("admin REVOKE", "allowed GET /rest/api/2/myself line 1",
        "admin CREATE");
    assertThat(rows).contains("refused GET " + SCRIPT_PATH);
    // the path is shown without the server's origin; the whole URL is the cell's title
    assertThat(driver.findElement(By.cssSelector("#audit-rows tr.refused td.url"))
        .getAttribute("title")).startsWith(base + "/rest/api/2/");
    // the token's label, holding <script>, is in every row of it, as text
    assertThat(driver.findElements(By.cssSelector("#audit-rows tr td:nth-child(2)")))
        .allSatisfy(td -> assertThat(td.getText()).startsWith(SCRIPT_LABEL));
    assertThat(rows).anySatisfy(r -> assertThat(r).isEqualTo(
        "refused GET /rest/api/2/issue/OPS-1"));
    assertThat(driver.findElements(By.cssSelector("#audit-rows tr.refused .badge.refused")))
        .hasSizeGreaterThanOrEqualTo(3);
    // the chart: one canvas, today's bars are the token's requests
    wait.until(d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty());
    assertThat(attr(By.id("chart"), "data-allowed")).isEqualTo("2");
    assertThat(Integer.parseInt(attr(By.id("chart"), "data-refused"))).isGreaterThanOrEqualTo(3);
    assertThat(text(By.id("chart-title"))).contains(tokenId);
    assertNoScriptRan();
    screenshot("08-audit");
  }

  @Test
  @Order(8)
  void everyRequestOfThePage_isThePageItsFilesOrADocumentedApiRoute() throws Exception {
    drainLogs();
    List<Pattern> allowed = new ArrayList<>();
    allowed.add(Pattern.compile(Pattern.quote(page)
        + "(/admin\\.js|/admin\\.css|/favicon\\.svg|/vendor/uPlot\\.iife\\.min\\.js|/vendor/uPlot\\.min\\.css)?"));
    for (String route : AdminApi.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = Pattern.quote(route.substring(route.indexOf(' ') + 1)).replace("{id}",
          "\\E[A-Za-z0-9_]+\\Q");
      allowed.add(Pattern.compile(method + " " + Pattern.quote(base + AdminApi.BASE_PATH) + path
          + "(\\?[^#]*)?"));
    }
    Set<String> seen = new TreeSet<>();
    for (JsonNode r : requests) {
      String method = r.path("method").asText();
      // the browser's own requests (the favicon) carry the test's sign-in in the URL's user info
      String url = r.path("url").asText().replaceFirst("^(https?://)[^/@]*@", "$1");
      if (!url.startsWith("http:") && !url.startsWith("https:")) {
        continue; // the browser's own pages (chrome://, about:blank) are not the page's requests
      }
      String line = method + " " + url;
      boolean ok = allowed.stream().anyMatch(p -> p.matcher(line).matches()
          || (method.equals("GET") && p.matcher(url).matches()));
      assertThat(ok).as("the page requested %s, which is neither the page nor the documented API",
          line).isTrue();
      if (url.startsWith(base + AdminApi.BASE_PATH)) {
        String route = line.replaceAll("\\?.*", "").replace(base + AdminApi.BASE_PATH, "")
            .replaceAll("/tok_[0-9a-f]+", "/{id}");
        seen.add(route);
        if (!method.equals("GET")) {
          assertThat(r.path("headers").path("X-Atlassian-Token").asText()).as(line)
              .isEqualTo("no-check");
        }
      }
    }
    assertThat(seen).contains("GET /settings", "GET /tokens", "GET /users", "POST /rules/lint", "POST /tokens",
        "POST /rules/try", "DELETE /tokens/{id}", "GET /audit", "GET /audit/daily");
    // and the browser refused nothing the page did: no policy violation, no script error
    for (LogEntry e : console) {
      assertThat(e.getMessage()).as(e.toString()).doesNotContain("Content Security Policy")
          .doesNotContain("Uncaught");
    }
    assertNoScriptRan();
  }

  // ---- helpers

  /**
   * The owner picker as a person uses it: types part of a user name or e-mail, waits for the
   * host's users that match ({@code GET /users}) to be offered in the field's suggestions, and
   * chooses one; the field then holds that user's name. Headless Chromium draws no suggestion
   * list to click, so the choice is made as the browser makes it: the option's value replaces
   * the text, with the same {@code input} event.
   */
  private void pickOwner(String typed, String userName, String offeredAs) throws IOException {
    WebElement owner = driver.findElement(By.id("create-owner"));
    owner.sendKeys(typed);
    WebElement option = wait.until(d -> {
      List<WebElement> offered = d.findElements(By.cssSelector("#owners option"));
      return offered.size() == 1 && "1".equals(owner.getAttribute("data-users"))
          ? offered.get(0) : null;
    });
    assertThat(owner.getAttribute("list")).isEqualTo("owners");
    assertThat(option.getAttribute("value")).isEqualTo(userName);
    assertThat(option.getAttribute("label")).isEqualTo(offeredAs);
    driver.executeScript("var input = arguments[0];"
        + "input.value = arguments[1].value;"
        + "input.dispatchEvent(new InputEvent('input',"
        + " { bubbles: true, inputType: 'insertReplacementText' }));", owner, option);
    wait.until(d -> userName.equals(owner.getAttribute("value")));
    screenshot("02-owner-picker");
  }

  private void assertNoScriptRan() {
    Object xss = ((JavascriptExecutor) driver).executeScript("return window.__xss === undefined"
        + " && document.querySelectorAll('body script, body img').length === 0;");
    assertThat(xss).as("no script or image from user text on the page").isEqualTo(true);
  }

  private HttpResponse<String> sampleApi(String path) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("alice:" + secret).getBytes(StandardCharsets.UTF_8)))
        .GET().build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  /** Replaces the text of the editor's last line by typing, as a person would. */
  private void replaceLastLine(WebElement editor, String line) {
    String value = editor.getAttribute("value");
    int last = value.length() - value.lastIndexOf('\n') - 1;
    for (int i = 0; i < last; i++) {
      editor.sendKeys(Keys.BACK_SPACE);
    }
    editor.sendKeys(line);
  }

  private String tokenIdFromTable() {
    for (WebElement r : driver.findElements(By.cssSelector("#token-rows tr"))) {
      if (r.findElement(By.cssSelector(".label-text")).getText().equals(SCRIPT_LABEL)) {
        tokenId = r.getAttribute("data-id");
        return tokenId;
      }
    }
    return null;
  }

  private WebElement rowOf(String label) {
    for (WebElement r : driver.findElements(By.cssSelector("#token-rows tr"))) {
      if (r.findElement(By.cssSelector(".label-text")).getText().equals(label)) {
        return r;
      }
    }
    return null;
  }

  private WebElement rowOfId(String id) {
    if (id == null) {
      return null;
    }
    return first(By.cssSelector("#token-rows tr[data-id='" + id + "']"));
  }

  private WebElement first(By by) {
    List<WebElement> found = driver.findElements(by);
    return found.isEmpty() ? null : found.get(0);
  }

  private String text(By by) {
    return driver.findElement(by).getText();
  }

  private String attr(By by, String name) {
    String v = driver.findElement(by).getAttribute(name);
    return v == null ? "" : v;
  }

  private void screenshot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** The requests the browser sent and what it logged, from Chrome's performance log. */
  private void drainLogs() throws IOException {
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode m = JSON.readTree(e.getMessage()).path("message");
      if (m.path("method").asText().equals("Network.requestWillBeSent")) {
        requests.add(m.path("params").path("request"));
      }
    }
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
  }
}
