/**
 * Galleries in PostgreSQL with the pgvector extension: {@link dev.pictor.pgvector.PgVectorStore}
 * (one connection pool, many named galleries in one database), {@link
 * dev.pictor.pgvector.PgVectorGallery} (a {@link dev.pictor.face.Gallery} many processes share) and
 * {@link dev.pictor.pgvector.PgVectorRecognizer} (1:K search done by the database, on an HNSW index
 * or exactly). Connection settings and credentials: {@link dev.pictor.pgvector.PgSettings}; every
 * failure is a {@link dev.pictor.pgvector.PgGalleryException} with a {@link
 * dev.pictor.pgvector.PgGalleryException.Reason}.
 */
package dev.pictor.pgvector;
