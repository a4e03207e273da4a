package dev.pictor.style.fast.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an image into overlapping tiles and gives each tile pixel its blending weight.
 *
 * <p>Along each axis, a length that fits in one tile gets one tile; a longer one gets the fewest
 * tiles of exactly {@code tileSize} pixels that overlap their neighbours by at least {@code
 * overlap}, spread evenly from one end to the other. A tile's weight is 1 except in the bands it
 * shares with a neighbour, where it falls linearly towards the tile's edge, so that in a band
 * shared by two tiles the two weights add up to 1 (a linear cross-fade). In two dimensions the
 * weight is the product of the two axes' weights; {@link Blender} divides by the sum of the
 * weights, so corners shared by four tiles are exact too. Immutable and thread-safe.
 */
public final class TileGrid {
  private final int width;
  private final int height;
  private final Axis xs;
  private final Axis ys;

  /**
   * @param width image width
   * @param height image height
   * @param tileSize largest tile side
   * @param overlap least overlap of neighbouring tiles, less than {@code tileSize}
   */
  public TileGrid(int width, int height, int tileSize, int overlap) {
    if (width < 1 || height < 1 || tileSize < 1 || overlap < 0 || overlap >= tileSize) {
      throw new IllegalArgumentException(
          "bad tiling of "
              + width
              + "x"
              + height
              + " with tiles of "
              + tileSize
              + " overlapping by "
              + overlap);
    }
    this.width = width;
    this.height = height;
    this.xs = new Axis(width, tileSize, overlap);
    this.ys = new Axis(height, tileSize, overlap);
  }

  /** One tile: its position and size in the image. */
  public record Tile(int index, int x, int y, int width, int height) {}

  /** The tiles, row by row. */
  public List<Tile> tiles() {
    List<Tile> tiles = new ArrayList<>();
    for (int j = 0; j < ys.starts.length; j++) {
      for (int i = 0; i < xs.starts.length; i++) {
        tiles.add(new Tile(tiles.size(), xs.starts[i], ys.starts[j], xs.length, ys.length));
      }
    }
    return tiles;
  }

  /** Number of tiles. */
  public int size() {
    return xs.starts.length * ys.starts.length;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Image columns where a tile begins or ends inside the image (0 and the width excluded). */
  public List<Integer> columnEdges() {
    return xs.edges();
  }

  /** Image rows where a tile begins or ends inside the image (0 and the height excluded). */
  public List<Integer> rowEdges() {
    return ys.edges();
  }

  /** The weights of the tile's columns, left to right. */
  public float[] columnWeights(Tile tile) {
    return xs.weights(indexOf(xs, tile.x()));
  }

  /** The weights of the tile's rows, top to bottom. */
  public float[] rowWeights(Tile tile) {
    return ys.weights(indexOf(ys, tile.y()));
  }

  private static int indexOf(Axis axis, int start) {
    for (int i = 0; i < axis.starts.length; i++) {
      if (axis.starts[i] == start) {
        return i;
      }
    }
    throw new IllegalArgumentException("no tile starts at " + start);
  }

  private static final class Axis {
    final int[] starts;
    final int length;

    Axis(int total, int tileSize, int overlap) {
      if (total <= tileSize) {
        starts = new int[] {0};
        length = total;
        return;
      }
      int n = (int) Math.ceil((double) (total - overlap) / (tileSize - overlap));
      n = Math.max(n, 2);
      starts = new int[n];
      for (int i = 0; i < n; i++) {
        starts[i] = (int) Math.round((double) i * (total - tileSize) / (n - 1));
      }
      length = tileSize;
    }

    float[] weights(int i) {
      int before = i > 0 ? starts[i - 1] + length - starts[i] : 0;
      int after = i + 1 < starts.length ? starts[i] + length - starts[i + 1] : 0;
      float[] w = new float[length];
      for (int p = 0; p < length; p++) {
        w[p] = Math.min(ramp(p, before), ramp(length - 1 - p, after));
      }
      return w;
    }

    /**
     * Weight at distance {@code d} from a tile edge shared over a band of {@code band} pixels: 0
     * over the outer quarter (pixels that saw the zero padding at the tile's edge), then rising
     * linearly to 1 at the band's inner quarter; 1 when there is no neighbour.
     */
    private static float ramp(int d, int band) {
      if (band <= 0) {
        return 1f;
      }
      int margin = band / 4;
      float v = (d - margin + 0.5f) / (band - 2 * margin);
      return Math.min(1f, Math.max(0f, v));
    }

    List<Integer> edges() {
      List<Integer> edges = new ArrayList<>();
      for (int s : starts) {
        if (s > 0) {
          edges.add(s);
        }
        int end = s + length;
        if (end < starts[starts.length - 1] + length) {
          edges.add(end);
        }
      }
      return edges.stream().distinct().sorted().toList();
    }
  }
}
