package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

  @Test
  void readsTheTagInBothByteOrdersWithOrWithoutTheExifPrefix() {
    for (int orientation = 1; orientation <= 8; orientation++) {
      byte[] big = TestImages.exifOrientation(orientation, false);
      byte[] little = TestImages.exifOrientation(orientation, true);
      byte[] prefixed = TestImages.concat(TestImages.ascii("Exif\0\0"), little);

      assertThat(ExifOrientation.read(big, 0, big.length)).isEqualTo(orientation);
      assertThat(ExifOrientation.read(little, 0, little.length)).isEqualTo(orientation);
      assertThat(ExifOrientation.read(prefixed, 0, prefixed.length)).isEqualTo(orientation);
    }
  }

  @Test
  void readsABlockInsideLargerData() {
    byte[] block = TestImages.exifOrientation(5, true);
    byte[] data = TestImages.concat(new byte[7], block, new byte[3]);

    assertThat(ExifOrientation.read(data, 7, block.length)).isEqualTo(5);
    // Cut inside the entry: the directory runs past the block.
    assertThat(ExifOrientation.read(data, 7, block.length - 5)).isEqualTo(1);
  }

  @Test
  void findsTheTagAmongOtherEntries() {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put(TestImages.ascii("II")).putShort((short) 42).putInt(8).putShort((short) 3);
    tiff.putShort((short) 0x010F).putShort((short) 2).putInt(4).putInt(0); // Make
    tiff.putShort((short) 0x0110).putShort((short) 2).putInt(4).putInt(0); // Model
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) 7)
        .putShort((short) 0);

    assertThat(ExifOrientation.read(tiff.array(), 0, tiff.capacity())).isEqualTo(7);
  }

  @Test
  void malformedOrMissingMetadataCountsAsUpright() {
    byte[] valid = TestImages.exifOrientation(6, false);
    byte[] outOfRange = TestImages.exifOrientation(9, false);
    byte[] zero = TestImages.exifOrientation(0, false);
    byte[] wrongType = valid.clone();
    wrongType[13] = 4; // LONG instead of SHORT
    byte[] badMagic = valid.clone();
    badMagic[3] = 43;
    byte[] badOrder = valid.clone();
    badOrder[0] = 'X';
    byte[] directoryOutside = valid.clone();
    directoryOutside[7] = (byte) 200;
    byte[] tooManyEntries = valid.clone();
    tooManyEntries[8] = (byte) 0xFF;
    tooManyEntries[9] = (byte) 0xFF;
    tooManyEntries[10] = 0; // the first entry is some other tag

    assertThat(ExifOrientation.read(outOfRange, 0, outOfRange.length)).isEqualTo(1);
    assertThat(ExifOrientation.read(zero, 0, zero.length)).isEqualTo(1);
    assertThat(ExifOrientation.read(wrongType, 0, wrongType.length)).isEqualTo(1);
    assertThat(ExifOrientation.read(badMagic, 0, badMagic.length)).isEqualTo(1);
    assertThat(ExifOrientation.read(badOrder, 0, badOrder.length)).isEqualTo(1);
    assertThat(ExifOrientation.read(directoryOutside, 0, directoryOutside.length)).isEqualTo(1);
    assertThat(ExifOrientation.read(tooManyEntries, 0, tooManyEntries.length)).isEqualTo(1);
    assertThat(ExifOrientation.read(Arrays.copyOf(valid, 7), 0, 7)).isEqualTo(1);
    assertThat(ExifOrientation.read(valid, 0, 100)).isEqualTo(1);
    assertThat(ExifOrientation.read(valid, -1, 10)).isEqualTo(1);
  }
}
