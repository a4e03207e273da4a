package dev.pictor.recognition;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fixed 100-byte header at the start of every SQLite database file, read without SQLite so that
 * a file can be recognised (or rejected) before any connection touches it.
 *
 * <p>Layout: <a href="https://www.sqlite.org/fileformat2.html#the_database_header">SQLite file
 * format, section 1.3</a>. All multi-byte fields are big-endian. Immutable and thread-safe.
 */
final class SqliteHeader {

  /** Length of the header in bytes. */
  static final int LENGTH = 100;

  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final int pageSize;
  private final long changeCounter;
  private final long pageCount;
  private final long versionValidFor;
  private final int userVersion;
  private final int applicationId;

  private SqliteHeader(ByteBuffer header) {
    int rawPageSize = Short.toUnsignedInt(header.getShort(16));
    this.pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    this.changeCounter = Integer.toUnsignedLong(header.getInt(24));
    this.pageCount = Integer.toUnsignedLong(header.getInt(28));
    this.userVersion = header.getInt(60);
    this.applicationId = header.getInt(68);
    this.versionValidFor = Integer.toUnsignedLong(header.getInt(92));
  }

  /**
   * Parses a header, or returns {@code null} when {@code bytes} does not start with the SQLite
   * magic string or is shorter than a header.
   */
  static SqliteHeader parse(byte[] bytes) {
    if (bytes.length < LENGTH || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    return new SqliteHeader(ByteBuffer.wrap(bytes, 0, LENGTH).order(ByteOrder.BIG_ENDIAN));
  }

  /** The page size in bytes; 0 or a value that is not a power of two means a damaged header. */
  int pageSize() {
    return pageSize;
  }

  /** Whether the page size is one SQLite can write: a power of two from 512 to 65536. */
  boolean hasValidPageSize() {
    return pageSize >= 512 && pageSize <= 65536 && Integer.bitCount(pageSize) == 1;
  }

  /**
   * The database size in pages as recorded in the header, or -1 when the header does not vouch for
   * it (the field is only valid when it is non-zero and the change counter matches the
   * version-valid-for number).
   */
  long pageCount() {
    return pageCount != 0 && changeCounter == versionValidFor ? pageCount : -1;
  }

  /** The {@code PRAGMA user_version} stored in the file. */
  int userVersion() {
    return userVersion;
  }

  /** The {@code PRAGMA application_id} stored in the file. */
  int applicationId() {
    return applicationId;
  }
}
