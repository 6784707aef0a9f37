package dev.limitto.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.limitto.engine.Request;
import org.junit.jupiter.api.Test;

/** Reading method and target from Apache/Tomcat access-log lines. */
class CombinedLogFormatTest {

  private final CombinedLogFormat format = new CombinedLogFormat();

  private Request ok(String line) {
    InputFormat.Parsed parsed = format.parse(line);
    assertThat(parsed).isInstanceOf(InputFormat.Ok.class);
    return (Request) ((InputFormat.Ok) parsed).request();
  }

  private String malformed(String line) {
    InputFormat.Parsed parsed = format.parse(line);
    assertThat(parsed).isInstanceOf(InputFormat.Malformed.class);
    return ((InputFormat.Malformed) parsed).message();
  }

  @Test
  void parseWhenCombinedLineThenMethodPathAndQuery() {
    Request r = ok("10.0.0.1 - alice [28/Nov/2026:07:00:00 +0000] "
        + "\"GET /jira/rest/api/2/search?jql=project%20%3D%20X HTTP/1.1\" 200 512 "
        + "\"https://jira/\" \"curl/8.5\"");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.rawPath()).isEqualTo("/jira/rest/api/2/search");
    assertThat(r.rawQuery()).isEqualTo("jql=project%20%3D%20X");
  }

  @Test
  void parseWhenCommonLineWithoutRefererAndAgentThenReadsTheRequest() {
    Request r = ok("::1 - - [28/Nov/2026:07:00:00 +0000] \"POST /rest/api/2/issue HTTP/2.0\" 201 -");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.rawPath()).isEqualTo("/rest/api/2/issue");
  }

  @Test
  void parseWhenRequestHasEscapedQuoteThenUnescapesIt() {
    Request r = ok("h - - [t] \"GET /a\\\"b HTTP/1.1\" 400 0 \"-\" \"x \\\"y\\\"\"");
    assertThat(r.rawPath()).isEqualTo("/a\"b");
  }

  @Test
  void parseWhenRequestHasHexEscapeThenKeepsTheByteAsCharacter() {
    assertThat(ok("h - - [t] \"GET /a\\x01b HTTP/1.1\" 400 0").rawPath()).isEqualTo("/a\u0001b");
  }

  @Test
  void parseWhenHttp09RequestWithoutVersionThenReadsMethodAndTarget() {
    assertThat(ok("h - - [t] \"GET /x\" 200 0").rawPath()).isEqualTo("/x");
  }

  @Test
  void parseWhenRequestIsDashThenMalformedNoRequest() {
    assertThat(malformed("h - - [t] \"-\" 408 0 \"-\" \"-\""))
        .isEqualTo(CombinedLogFormat.DASH_REQUEST);
  }

  @Test
  void parseWhenNoTimeFieldThenMalformed() {
    assertThat(malformed("garbage")).isEqualTo(CombinedLogFormat.NO_TIME);
  }

  @Test
  void parseWhenNoQuotedRequestThenMalformed() {
    assertThat(malformed("h - - [t] GET /x")).isEqualTo(CombinedLogFormat.NO_REQUEST);
  }

  @Test
  void parseWhenQuoteNotClosedThenMalformed() {
    assertThat(malformed("h - - [t] \"GET /x HTTP/1.1")).isEqualTo(CombinedLogFormat.UNCLOSED_REQUEST);
  }

  @Test
  void parseWhenRequestHasNoTargetThenMalformedQuotingIt() {
    assertThat(malformed("h - - [t] \"\\x16\\x03\\x01\" 400 0"))
        .isEqualTo(String.format(CombinedLogFormat.BAD_REQUEST, "\\x16\\x03\\x01"));
  }

  @Test
  void parseWhenVersionIsNotHttpThenMalformed() {
    assertThat(malformed("h - - [t] \"GET /x y z\" 400 0"))
        .isEqualTo(String.format(CombinedLogFormat.BAD_REQUEST, "GET /x y z"));
  }

  @Test
  void parseWhenMethodIsNotATokenThenMalformed() {
    assertThat(malformed("h - - [t] \"G{T /x HTTP/1.1\" 400 0"))
        .isEqualTo(String.format(CombinedLogFormat.BAD_METHOD, "G{T"));
  }

  @Test
  void parseWhenEmptyLineThenMalformed() {
    assertThat(malformed("  ")).isEqualTo(CombinedLogFormat.EMPTY_LINE);
  }
}
