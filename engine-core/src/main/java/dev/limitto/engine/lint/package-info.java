/**
 * Reviewing rule text before it is saved: {@link dev.limitto.engine.lint.RuleLinter} reports every
 * compile error and the lines that compile but probably do not do what their author meant, as
 * {@link dev.limitto.engine.lint.LintFinding}s.
 */
package dev.limitto.engine.lint;
