package dev.pictor.style.fast.internal;

import java.nio.FloatBuffer;

/**
 * Accumulates weighted tile outputs (planar RGB floats 0..255) into a whole image and mixes the
 * result with the content. Not thread-safe: one per run.
 */
public final class Blender {
  private final int width;
  private final int height;
  private final float[] sum;
  private final float[] weight;

  public Blender(int width, int height) {
    this.width = width;
    this.height = height;
    this.sum = new float[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    this.weight = new float[width * height];
  }

  /**
   * Adds a tile's output.
   *
   * @param tile where it goes
   * @param planes the network's output for the tile: three planes (R, G, B) of {@code tile.width()
   *     x tile.height()}
   * @param columnWeights weight per tile column
   * @param rowWeights weight per tile row
   */
  public void add(
      TileGrid.Tile tile, FloatBuffer planes, float[] columnWeights, float[] rowWeights) {
    int tw = tile.width();
    int th = tile.height();
    int plane = tw * th;
    for (int y = 0; y < th; y++) {
      int row = (tile.y() + y) * width + tile.x();
      float wy = rowWeights[y];
      for (int x = 0; x < tw; x++) {
        float w = wy * columnWeights[x];
        int p = row + x;
        int q = y * tw + x;
        weight[p] += w;
        sum[p * 3] += w * planes.get(q);
        sum[p * 3 + 1] += w * planes.get(plane + q);
        sum[p * 3 + 2] += w * planes.get(2 * plane + q);
      }
    }
  }

  /**
   * The blended image as interleaved RGB bytes: {@code strength * stylised + (1 - strength) *
   * content}, rounded; pixels no tile has reached yet (after a cancel) keep the content.
   */
  public byte[] finish(byte[] content, double strength) {
    byte[] out = new byte[sum.length];
    float s = (float) strength;
    for (int p = 0; p < weight.length; p++) {
      float w = weight[p];
      for (int c = 0; c < 3; c++) {
        int i = p * 3 + c;
        float original = content[i] & 0xFF;
        float v = w > 0 ? s * (sum[i] / w) + (1 - s) * original : original;
        out[i] = (byte) Math.round(Math.min(255f, Math.max(0f, v)));
      }
    }
    return out;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }
}
