package dev.pictor.image.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegStructureTest {

  private static Stream<Path> photos() throws IOException {
    return Files.list(SharedData.dataDir().resolve("style/content")).sorted();
  }

  @Test
  void completePhotosReachTheirEnd() throws Exception {
    try (Stream<Path> photos = photos()) {
      for (Path photo : photos.toList()) {
        byte[] jpeg = Files.readAllBytes(photo);
        assertThat(JpegStructure.looksLikeJpeg(jpeg)).as("%s", photo).isTrue();
        assertThat(JpegStructure.reachesEndOfImage(jpeg)).as("%s", photo).isTrue();
      }
    }
  }

  @Test
  void photosCutAnywhereDoNotReachTheirEnd() throws Exception {
    try (Stream<Path> photos = photos()) {
      for (Path photo : photos.toList()) {
        byte[] jpeg = Files.readAllBytes(photo);
        for (int length = 3; length < jpeg.length; length += 1 + length / 7) {
          assertThat(JpegStructure.reachesEndOfImage(Arrays.copyOf(jpeg, length)))
              .as("%s cut to %d of %d bytes", photo, length, jpeg.length)
              .isFalse();
        }
        assertThat(JpegStructure.reachesEndOfImage(Arrays.copyOf(jpeg, jpeg.length - 1)))
            .as("%s without its last byte", photo)
            .isFalse();
      }
    }
  }

  @Test
  void theWalkFindsTheFrameHeaderAndCountsTheScans() throws Exception {
    JpegStructure.Walk walk = JpegStructure.walk(Files.readAllBytes(SharedData.tubingen()));

    assertThat(walk.complete()).isTrue();
    assertThat(walk.frame()).isEqualTo(new JpegStructure.Frame(0xC0, 8, 1024, 768, 3));
    assertThat(walk.frameLengthValid()).isTrue();
    assertThat(walk.scans()).isEqualTo(1);
  }

  @Test
  void bytesAfterTheEndOfImageAreAllowed() throws Exception {
    byte[] jpeg = Files.readAllBytes(SharedData.tubingen());
    byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 64);

    assertThat(JpegStructure.reachesEndOfImage(padded)).isTrue();
  }

  @Test
  void theEndOfAThumbnailInsideAnAppSegmentIsNotTheEndOfTheImage() throws Exception {
    ByteArrayOutputStream thumbnail = new ByteArrayOutputStream();
    assertThat(
            ImageIO.write(
                new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), "jpg", thumbnail))
        .isTrue();
    byte[] jpeg = Files.readAllBytes(SharedData.tubingen());
    byte[] withThumbnail = withApp1(jpeg, thumbnail.toByteArray());

    assertThat(JpegStructure.reachesEndOfImage(withThumbnail)).isTrue();
    assertThat(JpegStructure.reachesEndOfImage(Arrays.copyOf(withThumbnail, 4000))).isFalse();
  }

  @Test
  void otherFormatsDoNotLookLikeJpeg() throws Exception {
    assertThat(JpegStructure.looksLikeJpeg(Files.readAllBytes(SharedData.amy1()))).isFalse();
    assertThat(JpegStructure.looksLikeJpeg(new byte[] {(byte) 0xFF, (byte) 0xD8})).isFalse();
  }

  /** {@code jpeg} with an APP1 segment holding {@code payload} right after its SOI marker. */
  private static byte[] withApp1(byte[] jpeg, byte[] payload) {
    int length = payload.length + 2;
    assertThat(length).isLessThan(65536);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.write(payload, 0, payload.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
