package dev.pictor.style.fast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TileGridTest {

  @Test
  void smallImageIsOneTileWithUnitWeights() {
    TileGrid grid = new TileGrid(300, 200, 1024, 128);
    assertThat(grid.tiles()).containsExactly(new TileGrid.Tile(0, 0, 0, 300, 200));
    assertThat(grid.columnWeights(grid.tiles().get(0))).containsOnly(1f);
    assertThat(grid.columnEdges()).isEmpty();
    assertThat(grid.rowEdges()).isEmpty();
  }

  @Test
  void tilesCoverTheImageOverlapAndWeightsSumToOne() {
    int w = 4000;
    int h = 3000;
    TileGrid grid = new TileGrid(w, h, 1024, 128);
    double[] sumX = new double[w];
    double[] sumY = new double[h];
    int previousX = -1;
    for (TileGrid.Tile t : grid.tiles()) {
      assertThat(t.width()).isEqualTo(1024);
      assertThat(t.height()).isEqualTo(1024);
      assertThat(t.x() + t.width()).isLessThanOrEqualTo(w);
      assertThat(t.y() + t.height()).isLessThanOrEqualTo(h);
      if (t.y() == 0) {
        if (previousX >= 0) {
          assertThat(previousX + 1024 - t.x()).as("overlap").isGreaterThanOrEqualTo(127);
        }
        previousX = t.x();
        float[] wx = grid.columnWeights(t);
        for (int i = 0; i < wx.length; i++) {
          sumX[t.x() + i] += wx[i];
        }
      }
      if (t.x() == 0) {
        float[] wy = grid.rowWeights(t);
        for (int i = 0; i < wy.length; i++) {
          sumY[t.y() + i] += wy[i];
        }
      }
    }
    assertThat(grid.size()).isEqualTo(5 * 4);
    for (double s : sumX) {
      assertThat(s).isCloseTo(1.0, within(1e-5));
    }
    for (double s : sumY) {
      assertThat(s).isCloseTo(1.0, within(1e-5));
    }
    assertThat(grid.columnEdges()).hasSize(8);
    assertThat(grid.rowEdges()).hasSize(6);
  }

  @Test
  void outerQuarterOfABandHasZeroWeight() {
    TileGrid grid = new TileGrid(200, 100, 128, 56);
    TileGrid.Tile right = grid.tiles().get(1);
    assertThat(right.x()).isEqualTo(72); // band of 56 pixels
    float[] w = grid.columnWeights(right);
    for (int p = 0; p < 14; p++) {
      assertThat(w[p]).isZero();
    }
    assertThat(w[14]).isPositive().isLessThan(0.1f);
    assertThat(w[41]).isLessThan(1f);
    assertThat(w[42]).isEqualTo(1f);
    assertThat(w[127]).isEqualTo(1f);
  }

  @Test
  void rejectsBadTilings() {
    assertThatThrownBy(() -> new TileGrid(10, 10, 64, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlapping by 64");
  }
}
