package dev.limitto.engine;

/**
 * The parts of an HTTP request that a rule set looks at, as received and not yet decoded.
 *
 * <p>Adapters implement this over their own request type (a servlet request, a line of JSON) so
 * that the engine never copies what it does not need: the body in particular is asked for only
 * when a candidate line has a {@code JsonData} predicate. Implementations need not be
 * thread-safe; one view serves one evaluation.
 */
public interface HttpRequestView {

  /** The request method exactly as received (not upper-cased: {@code get} is not {@code GET}). */
  String method();

  /**
   * The raw path of the request-target, before any decoding, context path included: everything
   * before the first {@code ?}. Never {@code null}.
   */
  String rawPath();

  /**
   * The raw query string (after the first {@code ?}, without it), not decoded, or {@code null}
   * when the request-target has no {@code ?}.
   */
  String rawQuery();

  /**
   * The value of a request header, looked up case-insensitively, or {@code null} when absent.
   * When a header occurs several times the implementation returns the values joined by
   * {@code ", "}, as HTTP allows.
   */
  String header(String name);

  /**
   * The request body, read at most up to {@code maxBytes + 1} bytes so that the engine can tell
   * an oversized body from one exactly at the limit. Returns an empty array for no body. Called
   * at most once per evaluation, and only when a {@code JsonData} predicate needs it.
   *
   * @param maxBytes the body limit in force ({@link Limits#maxBodyBytes()})
   */
  byte[] body(int maxBytes);
}
