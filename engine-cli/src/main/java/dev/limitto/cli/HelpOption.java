package dev.limitto.cli;

import picocli.CommandLine.Option;

/** The {@code -h/--help} option that every command mixes in ({@code @Mixin HelpOption help;}). */
public final class HelpOption {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;
}
