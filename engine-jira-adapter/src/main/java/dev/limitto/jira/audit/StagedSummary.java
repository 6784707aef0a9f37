package dev.limitto.jira.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a token's staged rules would have changed, read from the audit: of the requests checked
 * against them since they were staged, how many they would refuse that were allowed, how many
 * they would allow that were refused, and the most frequent examples of each (same method, URL
 * and staged answer counted together). The same summary serves {@code token staged} and the
 * admin API. Memory is bounded: at most {@link #MAX_DISTINCT} distinct examples are told apart,
 * later ones are only counted.
 *
 * @param tokenId the token
 * @param since the start of the period read (when the rules were staged)
 * @param requests requests of the token in the audit since then
 * @param checked requests the staged rules were evaluated for (the others were refused before
 *     any rules were looked at: a bad credential, a bad contextUser, a body that could not be read)
 * @param wouldRefuse requests allowed that the staged rules would refuse
 * @param wouldAllow requests refused that the staged rules would allow
 * @param wouldRefuseExamples the most frequent of those, most frequent first
 * @param wouldAllowExamples the most frequent of those, most frequent first
 */
public record StagedSummary(
    String tokenId,
    Instant since,
    long requests,
    long checked,
    long wouldRefuse,
    long wouldAllow,
    List<Example> wouldRefuseExamples,
    List<Example> wouldAllowExamples) {

  /** Default number of examples of each kind. */
  public static final int DEFAULT_EXAMPLES = 5;
  /** Most distinct examples told apart while reading. */
  public static final int MAX_DISTINCT = 10_000;

  public StagedSummary {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(since, "since");
    wouldRefuseExamples = List.copyOf(wouldRefuseExamples);
    wouldAllowExamples = List.copyOf(wouldAllowExamples);
  }

  /** How many requests the staged rules would decide otherwise. */
  public long changed() {
    return wouldRefuse + wouldAllow;
  }

  /**
   * Requests of one shape that the staged rules would decide otherwise.
   *
   * @param method the request method
   * @param url the audited URL (query values masked)
   * @param enforced how the enforced rules decided: {@code line N}, or the refusal reason
   * @param staged how the staged rules would: {@code line N}, or their refusal reason
   * @param count how many such requests
   * @param last when the latest of them was made
   */
  public record Example(String method, String url, String enforced, String staged, long count,
      Instant last) {}

  /**
   * Reads the summary of a token's staged rules from {@code reader}: every request of the token
   * at or after {@code since}.
   */
  public static StagedSummary read(AuditReader reader, String tokenId, Instant since,
      int maxExamples) throws IOException {
    Counter c = new Counter();
    reader.read(AuditQuery.all().forToken(tokenId).since(since), c::add);
    return new StagedSummary(tokenId, since, c.requests, c.checked, c.wouldRefuse, c.wouldAllow,
        top(c.refuse, maxExamples), top(c.allow, maxExamples));
  }

  private static List<Example> top(Map<List<String>, long[]> groups, int max) {
    List<Map.Entry<List<String>, long[]>> all = new ArrayList<>(groups.entrySet());
    all.sort(Comparator.<Map.Entry<List<String>, long[]>>comparingLong(e -> -e.getValue()[0])
        .thenComparingLong(e -> -e.getValue()[1]));
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < all.size() && i < max; i++) {
      List<String> k = all.get(i).getKey();
      long[] v = all.get(i).getValue();
      out.add(new Example(k.get(0), k.get(1), k.get(2), k.get(3), v[0],
          Instant.ofEpochMilli(v[1])));
    }
    return out;
  }

  private static final class Counter {
    long requests;
    long checked;
    long wouldRefuse;
    long wouldAllow;
    final Map<List<String>, long[]> refuse = new HashMap<>();
    final Map<List<String>, long[]> allow = new HashMap<>();

    void add(AuditEntry e) {
      if (e.type() != AuditEntry.Type.REQUEST) {
        return;
      }
      requests++;
      StagedOutcome s = e.staged();
      if (s == null) {
        return;
      }
      checked++;
      Map<List<String>, long[]> groups;
      switch (s.verdict()) {
        case WOULD_REFUSE -> {
          wouldRefuse++;
          groups = refuse;
        }
        case WOULD_ALLOW -> {
          wouldAllow++;
          groups = allow;
        }
        default -> {
          return;
        }
      }
      String enforced = e.reason() != null ? e.reason()
          : e.matchedLine() > 0 ? "line " + e.matchedLine() : "unrestricted";
      String staged = s.reason() != null ? s.reason()
          : s.line() > 0 ? "line " + s.line() : "unrestricted";
      List<String> key = List.of(String.valueOf(e.method()), String.valueOf(e.url()), enforced,
          staged);
      long[] v = groups.get(key);
      if (v == null) {
        if (refuse.size() + allow.size() >= MAX_DISTINCT) {
          return;
        }
        v = new long[2];
        groups.put(key, v);
      }
      v[0]++;
      v[1] = Math.max(v[1], e.time().toEpochMilli());
    }
  }
}
