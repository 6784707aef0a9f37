package dev.limitto.jira.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An answer other than success, thrown inside {@link AdminApi} and turned into {@code
 * {"code":"…","message":"…"}} at its edge. Carries no stack trace: it is control flow.
 */
final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  /** Adds fields to the error object (the field or parameter at fault, compile issues). */
  final transient Consumer<ObjectNode> extra;
  /** Headers of the answer (a 401's challenge, a 405's Allow). */
  final transient List<Map.Entry<String, String>> headers;

  ApiError(int status, String code, String message) {
    this(status, code, message, null, List.of());
  }

  ApiError(int status, String code, String message, Consumer<ObjectNode> extra) {
    this(status, code, message, extra, List.of());
  }

  ApiError(int status, String code, String message, Consumer<ObjectNode> extra,
      List<Map.Entry<String, String>> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.headers = List.copyOf(headers);
  }
}
