/**
 * The "Limit to" rule language: compile rule text into an immutable {@link dev.limitto.engine.RuleSet}
 * and decide requests with it ({@code dev.limitto.engine}); review rule text before it is saved
 * ({@code dev.limitto.engine.lint}). Only these packages are exported; everything under
 * {@code dev.limitto.engine.internal} is an implementation detail.
 */
module dev.limitto.engine {
  // re2j has no module descriptor or Automatic-Module-Name: its automatic name comes from the jar name
  requires re2j;

  exports dev.limitto.engine;
  exports dev.limitto.engine.lint;
  exports dev.limitto.engine.analysis;
}
