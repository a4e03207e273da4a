package dev.pictor.spi;

import dev.pictor.ModelException;
import dev.pictor.PictorException;
import dev.pictor.RuntimeSettings;
import dev.pictor.image.RgbImage;
import dev.pictor.style.StyleTransfer;
import java.util.List;

/**
 * Style transfer methods behind {@link dev.pictor.Pictor#fastStyle} and {@link
 * dev.pictor.Pictor#gatysStyle}, registered in {@code
 * META-INF/services/dev.pictor.spi.StyleProvider} (by {@code pictor-style}). Implementations must
 * be stateless and thread-safe; the objects they open are owned (and closed) by the caller.
 */
public interface StyleProvider {

  /** The names of the trained feed-forward styles, for {@link #openFastStyle}. */
  List<String> styles() throws ModelException;

  /** Opens the trained network of {@code style} with default options. */
  StyleTransfer openFastStyle(String style, RuntimeSettings runtime) throws ModelException;

  /** Opens Gatys optimisation towards the style of {@code painting}, with default options. */
  StyleTransfer openGatys(RgbImage painting, RuntimeSettings runtime) throws PictorException;
}
