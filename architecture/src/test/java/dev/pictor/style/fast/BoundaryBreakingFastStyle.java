package dev.pictor.style.fast;

import dev.pictor.style.gatys.internal.PixelAdam;

/**
 * Breaks the internals rule on purpose (fast style using Gatys internals): see ArchitectureTest.
 */
final class BoundaryBreakingFastStyle {
  private BoundaryBreakingFastStyle() {}

  static Class<?> optimiser() {
    return PixelAdam.class;
  }
}
