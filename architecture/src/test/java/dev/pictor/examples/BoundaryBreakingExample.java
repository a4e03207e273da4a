package dev.pictor.examples;

import dev.pictor.cli.PictorCli;

/**
 * Breaks the module rules on purpose (an example program reaching into the CLI): see
 * ArchitectureTest.
 */
final class BoundaryBreakingExample {
  private BoundaryBreakingExample() {}

  static void runThePictorProgram(String[] args) {
    PictorCli.main(args);
  }
}
