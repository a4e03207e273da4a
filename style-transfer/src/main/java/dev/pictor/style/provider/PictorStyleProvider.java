package dev.pictor.style.provider;

import dev.pictor.ModelException;
import dev.pictor.PictorException;
import dev.pictor.RuntimeSettings;
import dev.pictor.image.RgbImage;
import dev.pictor.spi.StyleProvider;
import dev.pictor.style.StyleTransfer;
import dev.pictor.style.fast.FastStyleOptions;
import dev.pictor.style.fast.FastStyleTransfer;
import dev.pictor.style.gatys.GatysOptions;
import dev.pictor.style.gatys.GatysStyleTransfer;
import java.util.List;

/**
 * The {@link StyleProvider} of {@code pictor-style}: {@link FastStyleTransfer} and {@link
 * GatysStyleTransfer} with their default options and the given runtime settings. Found by {@link
 * java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class PictorStyleProvider implements StyleProvider {

  @Override
  public List<String> styles() throws ModelException {
    return FastStyleTransfer.styles();
  }

  @Override
  public StyleTransfer openFastStyle(String style, RuntimeSettings runtime) throws ModelException {
    return FastStyleTransfer.open(FastStyleOptions.builder(style).runtime(runtime).build());
  }

  @Override
  public StyleTransfer openGatys(RgbImage painting, RuntimeSettings runtime)
      throws PictorException {
    return GatysStyleTransfer.open(painting, GatysOptions.builder().runtime(runtime).build());
  }
}
