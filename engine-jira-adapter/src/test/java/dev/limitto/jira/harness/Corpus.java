package dev.limitto.jira.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The path-confusion and smuggling corpus: raw requests written byte for byte to a socket, each
 * with what the sample application may serve. One JSON object per line of
 * {@value #RESOURCE}; {@code #} lines are comments.
 *
 * <p>Fields: {@code name}; {@code raw}, the bytes to send (one char per byte) with placeholders
 * ({@code {{A}}} and friends for Authorization values, {@code {{SESSION}}} for a live session
 * cookie, {@code {{REPEAT:c:n|}}}, {@code {{GZIP:text|}}}, {@code {{CHUNK:text|}}},
 * {@code {{CHUNKS:c:n|}}} ({@code n} times {@code c} as chunks of 1,024 bytes; an argument ends at
 * {@code |}}}; a count {@code n} is a number or the name of a value, e.g. {@code OVER_LIMIT}, one
 * KiB more than the body limit of the tokens' rules), and
 * {@code {{CL}}} for the length of everything after the first blank line); {@code served}, the
 * routes ({@code "METHOD /route"}) that may be served as the token's user; {@code must} (default
 * true): exactly those are served; {@code anonymous} (default false): whether the application
 * may serve the request without a user (credentials passed through); {@code status}: the
 * statuses the first response may have; {@code body}: the exact body the application must read.
 */
public final class Corpus {

  /** Class-path location of the corpus. */
  public static final String RESOURCE = "/dev/limitto/jira/harness/path-confusion-corpus.jsonl";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)(?::(.*?)\\|)?}}");

  private Corpus() {}

  /** One corpus case, as written in the file. */
  public record Case(
      int line,
      String name,
      String raw,
      List<String> served,
      boolean must,
      boolean anonymous,
      List<Integer> status,
      String body) {

    /** {@code file:line name}, for failure messages. */
    public String where() {
      return "path-confusion-corpus.jsonl:" + line + " " + name;
    }

    /** The bytes to send, placeholders expanded with the given values. */
    public byte[] bytes(Map<String, String> values) {
      String s = expand(raw, values);
      int blank = s.indexOf("\r\n\r\n");
      int bodyLength = blank < 0 ? 0 : s.length() - blank - 4;
      s = s.replace("{{CL}}", Integer.toString(bodyLength));
      if (s.contains("{{")) {
        throw new IllegalArgumentException(where() + ": placeholder left unexpanded");
      }
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  /** Every case of the corpus, in file order. */
  public static List<Case> load() {
    List<Case> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = Corpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("corpus not on the class path: " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        JsonNode c;
        try {
          c = json.readTree(line);
        } catch (IOException e) {
          throw new IllegalStateException("path-confusion-corpus.jsonl:" + n + ": " + e.getMessage(), e);
        }
        List<String> served = new ArrayList<>();
        c.path("served").forEach(x -> served.add(x.asText()));
        List<Integer> status = new ArrayList<>();
        c.path("status").forEach(x -> status.add(x.asInt()));
        out.add(new Case(n, c.get("name").asText(), c.get("raw").asText(), List.copyOf(served),
            c.path("must").asBoolean(true), c.path("anonymous").asBoolean(false),
            List.copyOf(status), c.hasNonNull("body") ? c.get("body").asText() : null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static String expand(String raw, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(raw);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String arg = m.group(2);
      String rep;
      switch (key) {
        case "CL" -> rep = "{{CL}}";
        case "REPEAT" -> {
          int colon = arg.lastIndexOf(':');
          rep = arg.substring(0, colon).repeat(count(arg.substring(colon + 1), values));
        }
        case "CHUNKS" -> {
          int colon = arg.lastIndexOf(':');
          String all = arg.substring(0, colon).repeat(count(arg.substring(colon + 1), values));
          StringBuilder chunks = new StringBuilder();
          for (int i = 0; i < all.length(); i += 1024) {
            String chunk = all.substring(i, Math.min(all.length(), i + 1024));
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk)
                .append("\r\n");
          }
          rep = chunks.toString();
        }
        case "GZIP" -> rep = new String(gzip(arg.getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.ISO_8859_1);
        case "CHUNK" -> rep = Integer.toHexString(arg.length()) + "\r\n" + arg + "\r\n";
        default -> {
          rep = values.get(key);
          if (rep == null) {
            throw new IllegalArgumentException("unknown placeholder {{" + key + "}}");
          }
        }
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(rep));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A placeholder's count: a number, or the name of a value that is one. */
  private static int count(String n, Map<String, String> values) {
    String v = n.chars().allMatch(Character::isDigit) ? n : values.get(n);
    if (v == null) {
      throw new IllegalArgumentException("unknown count " + n);
    }
    return Integer.parseInt(v);
  }

  private static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
