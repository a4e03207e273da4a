package dev.pictor.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * pgvector's binary form as {@code vector_send} writes it (checked against the server by the
 * gallery and recognizer tests, which compare read values with enrolled ones bit for bit).
 */
class VectorTextTest {

  private static byte[] send(int count, float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * values.length); // big-endian
    buffer.putShort((short) count).putShort((short) 0);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  @Test
  void binaryFormKeepsEveryBit() {
    float[] values = {0.1f, -0f, Float.MIN_VALUE, -1.2345678e-30f, 1f / 3};
    float[] read = VectorText.parseBinary(send(5, values), 5);
    for (int i = 0; i < values.length; i++) {
      assertThat(Float.floatToRawIntBits(read[i])).isEqualTo(Float.floatToRawIntBits(values[i]));
    }
  }

  @Test
  void binaryFormOfAnotherSizeOrLengthIsRefused() {
    assertThatThrownBy(() -> VectorText.parseBinary(send(3, 1f, 2f, 3f), 4))
        .isInstanceOf(NumberFormatException.class)
        .hasMessageContaining("expected 4");
    assertThatThrownBy(() -> VectorText.parseBinary(send(4, 1f, 2f, 3f), 4))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> VectorText.parseBinary(new byte[2], 1))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> VectorText.parseBinary(null, 1))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void textFormIsTheShortestRoundTrip() {
    assertThat(VectorText.format(new float[] {0.1f, -2f, 1e-7f})).isEqualTo("[0.1,-2.0,1.0E-7]");
  }
}
