package dev.pictor.recognition;

import dev.pictor.face.Gallery;
import dev.pictor.recognition.contract.GalleryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteGallery} under the shared gallery contract. */
class SqliteGalleryContractTest extends GalleryContract {

  @TempDir Path dir;

  @Override
  protected Gallery newGallery() throws Exception {
    return SqliteGallery.open(dir.resolve("contract.gallery"), MODEL, SIZE);
  }

  @Override
  protected Gallery reopen(Gallery gallery) throws Exception {
    return SqliteGallery.openExisting(((SqliteGallery) gallery).file());
  }
}
