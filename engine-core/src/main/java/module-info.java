/**
 * The "Limit to" rule language: compile rule text into an immutable {@link dev.limitto.engine.RuleSet}
 * and decide requests with it. Only the API package is exported; everything under
 * {@code dev.limitto.engine.internal} is an implementation detail.
 */
module dev.limitto.engine {
  // re2j has no module descriptor or Automatic-Module-Name: its automatic name comes from the jar name
  requires re2j;

  exports dev.limitto.engine;
  exports dev.limitto.engine.analysis;
}
