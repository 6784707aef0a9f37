package dev.limitto.cli.check;

import dev.limitto.engine.Request;

/**
 * How {@code check} turns one input line into a request. JSON Lines is the only format today;
 * an access-log replay ({@code --in-format=combined}) is another implementation of this
 * interface, read by the same loop.
 */
interface InputFormat {

  /**
   * Parses one line (without its line break).
   *
   * @return the request, or why the line is malformed; never throws for bad input
   */
  Parsed parse(String line);

  /** The outcome of parsing one line. */
  sealed interface Parsed permits Ok, Malformed {}

  /** The line is a request. */
  record Ok(Request request) implements Parsed {}

  /** The line is not a request; {@code message} says why, without the line number. */
  record Malformed(String message) implements Parsed {}
}
