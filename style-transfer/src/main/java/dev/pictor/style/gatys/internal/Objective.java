package dev.pictor.style.gatys.internal;

import dev.pictor.PictorException;

/** What an optimiser minimises: each evaluation is one step. Not thread-safe. */
public interface Objective {
  /** J and dJ/dx at {@code x} (pixel planes, 0..255); counts one step. */
  Evaluation evaluate(float[] x) throws PictorException;

  /** Whether the optimiser must stop (steps used up, cancelled or out of time). */
  boolean done();
}
