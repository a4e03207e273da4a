package dev.pictor.pgvector;

import dev.pictor.face.DistanceMetric;
import dev.pictor.face.Gallery;
import dev.pictor.recognition.contract.GalleryContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** {@link PgVectorGallery} under the shared gallery contract, on the real test server. */
class PgVectorGalleryContractTest extends GalleryContract {

  private final List<String> created = new ArrayList<>();

  @Override
  protected Gallery newGallery() throws Exception {
    String name = TestPostgres.uniqueName("contract");
    created.add(name);
    return PgVectorGallery.open(
        TestPostgres.settings().build(), name, MODEL, SIZE, DistanceMetric.EUCLIDEAN);
  }

  @Override
  protected Gallery reopen(Gallery gallery) throws Exception {
    return PgVectorGallery.openExisting(
        TestPostgres.settings().build(), ((PgVectorGallery) gallery).name());
  }

  @AfterEach
  void dropGalleries() throws Exception {
    try (PgVectorStore store = PgVectorStore.open(TestPostgres.settings().build())) {
      for (String name : created) {
        store.drop(name);
      }
    }
  }
}
