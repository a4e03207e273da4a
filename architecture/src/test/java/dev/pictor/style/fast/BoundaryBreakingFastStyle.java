package dev.pictor.style.fast;

import dev.pictor.style.gatys.internal.Adam;

/**
 * Breaks the internals rule on purpose (fast style using Gatys internals): see ArchitectureTest.
 */
final class BoundaryBreakingFastStyle {
  private BoundaryBreakingFastStyle() {}

  static Class<?> optimiser() {
    return Adam.class;
  }
}
