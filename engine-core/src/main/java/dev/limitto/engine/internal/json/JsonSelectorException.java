package dev.limitto.engine.internal.json;

/**
 * An invalid {@code JsonData} selector. The message is exactly one of the {@code
 * JsonSelector.ERR_*} constants; {@link #index()} tells where in the selector text the problem is,
 * so that the rule compiler can report a column.
 */
public final class JsonSelectorException extends IllegalArgumentException {

  private final int index;

  JsonSelectorException(String message, int index) {
    super(message);
    this.index = index;
  }

  /** The 0-based index, within the selector text, of the character at fault. */
  public int index() {
    return index;
  }
}
