package dev.pictor.pgvector;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL server is, who connects, and the limits of the connection pool. Immutable
 * and thread-safe; built from a URL with {@link #fromUrl} or by {@link #builder}.
 *
 * <h2>URLs</h2>
 *
 * Both {@code postgresql://[user[:password]@]host[:port]/database[?param=value&...]} (libpq's form,
 * also {@code postgres://}) and {@code jdbc:postgresql://host[:port]/database[?...]} are accepted.
 * The parameters {@code user}, {@code password} and {@code gallery} (the name of a gallery in that
 * database, see {@link #galleryName()}) are taken out of the URL; any other parameter (e.g. {@code
 * sslmode}) is handed to the PostgreSQL JDBC driver unchanged, except that Pictor appends its
 * statement and lock timeouts ({@link #statementTimeout()}) to the server options of {@code
 * options} (e.g. {@code ?options=-c%20work_mem%3D64MB}), which are otherwise kept.
 *
 * <h2>Credentials</h2>
 *
 * The user is the first of: {@link Builder#user}, the URL, the {@code PGUSER} environment variable,
 * the operating-system user. The password is the first of: {@link Builder#password}, the URL, the
 * {@code PGPASSWORD} environment variable, the first line of the file named by {@link
 * Builder#passwordFile} or by the {@code PICTOR_PG_PASSWORD_FILE} environment variable. The
 * password is never logged and never part of a message or of {@link #toString()}; it is handed to
 * the driver as a property, not in the URL.
 */
public final class PgSettings {

  /** Environment variable naming a file whose first line is the password. */
  public static final String PASSWORD_FILE_VARIABLE = "PICTOR_PG_PASSWORD_FILE";

  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:[?&;]password=)|(?://[^/@:]*:))[^&;@/]*");

  private final String host;
  private final int port;
  private final String database;
  private final Map<String, String> driverParameters;
  private final String user;
  private final char[] password;
  private final String galleryName;
  private final Duration connectTimeout;
  private final Duration statementTimeout;
  private final int maxConnections;

  private PgSettings(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.database = b.database;
    this.driverParameters = Map.copyOf(b.driverParameters);
    this.galleryName = b.galleryName;
    this.connectTimeout = b.connectTimeout;
    this.statementTimeout = b.statementTimeout;
    this.maxConnections = b.maxConnections;
    Map<String, String> env = b.environment;
    this.user =
        firstNonBlank(b.user, env.get("PGUSER"), System.getProperty("user.name", "postgres"));
    char[] pw = b.password;
    if (pw == null && env.get("PGPASSWORD") != null) {
      pw = env.get("PGPASSWORD").toCharArray();
    }
    Path file = b.passwordFile;
    if (file == null && env.get(PASSWORD_FILE_VARIABLE) != null) {
      file = Path.of(env.get(PASSWORD_FILE_VARIABLE));
    }
    if (pw == null && file != null) {
      pw = readPasswordFile(file);
    }
    this.password = pw;
  }

  /**
   * Settings from a {@code postgresql://} or {@code jdbc:postgresql://} URL (see the class
   * documentation), with credentials completed from the environment.
   *
   * @throws IllegalArgumentException if the URL is not such a URL; the message shows it with any
   *     password masked
   */
  public static PgSettings fromUrl(String url) {
    return builder().url(url).build();
  }

  /** Whether {@code text} looks like a URL {@link #fromUrl} accepts (by its scheme). */
  public static boolean isPostgresUrl(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("postgresql://")
        || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql:");
  }

  /** {@code url} with any password in it replaced by {@code ***}, for messages. */
  public static String redact(String url) {
    return URL_PASSWORD.matcher(url).replaceAll("$1***");
  }

  /** A builder with the defaults: localhost:5432, database {@code postgres}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The JDBC URL handed to the driver: no user, no password in it. */
  String jdbcUrl() {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(host.contains(":") ? "[" + host + "]" : host)
            .append(':')
            .append(port)
            .append('/')
            .append(encode(database));
    char separator = '?';
    for (Map.Entry<String, String> p : driverParameters.entrySet()) {
      url.append(separator).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      separator = '&';
    }
    return url.toString();
  }

  /** {@code host:port/database}, for messages. */
  public String server() {
    return host + ":" + port + "/" + database;
  }

  /** The user name. */
  public String user() {
    return user;
  }

  /** Whether a password is known (from any source); the password itself is not exposed. */
  public boolean hasPassword() {
    return password != null;
  }

  /** A copy of the password, for the driver; null if none. */
  char[] password() {
    return password == null ? null : password.clone();
  }

  /** The gallery named in the URL ({@code ?gallery=NAME}), if any. */
  public Optional<String> galleryName() {
    return Optional.ofNullable(galleryName);
  }

  /** How long opening one connection may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long one statement may run on the server before it is cancelled. */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /** Largest number of pooled connections. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Parameters handed to the driver (never user or password). */
  Map<String, String> driverParameters() {
    return driverParameters;
  }

  /** Server, user, gallery and limits; never the password. */
  @Override
  public String toString() {
    return "PgSettings["
        + server()
        + ", user="
        + user
        + (galleryName == null ? "" : ", gallery=" + galleryName)
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }

  /** Builds {@link PgSettings}. Not thread-safe. */
  public static final class Builder {
    private String host = "localhost";
    private int port = 5432;
    private String database = "postgres";
    private final Map<String, String> driverParameters = new LinkedHashMap<>();
    private String user;
    private char[] password;
    private Path passwordFile;
    private String galleryName;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration statementTimeout = Duration.ofSeconds(30);
    private int maxConnections = 4;
    private Map<String, String> environment = System.getenv();

    private Builder() {}

    /**
     * Takes server, database, parameters and any credentials from {@code url} (see the class
     * documentation).
     *
     * @throws IllegalArgumentException if it is not a PostgreSQL URL
     */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      if (!isPostgresUrl(url)) {
        throw new IllegalArgumentException(
            "not a PostgreSQL URL (postgresql://host:port/database or"
                + " jdbc:postgresql://host:port/database): '"
                + redact(url)
                + "'");
      }
      String text = url.regionMatches(true, 0, "jdbc:", 0, 5) ? url.substring(5) : url;
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "malformed PostgreSQL URL '" + redact(url) + "': " + redact(e.getReason()));
      }
      if (uri.getHost() == null || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
        throw new IllegalArgumentException(
            "PostgreSQL URL '"
                + redact(url)
                + "' must name a host and a database: postgresql://host[:port]/database");
      }
      host =
          uri.getHost().startsWith("[")
              ? uri.getHost().substring(1, uri.getHost().length() - 1)
              : uri.getHost();
      port = uri.getPort() < 0 ? 5432 : uri.getPort();
      database = decode(uri.getRawPath().substring(1));
      String userInfo = uri.getRawUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        if (colon >= 0) {
          password = decode(userInfo.substring(colon + 1)).toCharArray();
        }
      }
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String key = decode(eq < 0 ? pair : pair.substring(0, eq));
          String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
          switch (key) {
            case "user" -> user = value;
            case "password" -> password = value.toCharArray();
            case "gallery" -> galleryName = value;
            default -> driverParameters.put(key, value);
          }
        }
      }
      return this;
    }

    /** The server's host name or address. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The server's port (1..65535). */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The database that holds the galleries. */
    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** The user, overriding the URL and the environment. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The password (copied), overriding the URL and the environment. */
    public Builder password(char[] password) {
      this.password = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    /** A file whose first line is the password (used when no other source gives one). */
    public Builder passwordFile(Path file) {
      this.passwordFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The gallery to open when none is named otherwise. */
    public Builder galleryName(String name) {
      this.galleryName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** How long opening one connection may take (at least one second). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long one statement may run before the server cancels it (at least one second). */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = positive(timeout, "statementTimeout");
      return this;
    }

    /** Largest number of pooled connections (1..64). */
    public Builder maxConnections(int count) {
      if (count < 1 || count > 64) {
        throw new IllegalArgumentException("maxConnections must be in 1..64: " + count);
      }
      this.maxConnections = count;
      return this;
    }

    /** The environment to read {@code PGUSER}, {@code PGPASSWORD}... from (for tests). */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException if a password file is named but cannot be read
     */
    public PgSettings build() {
      return new PgSettings(this);
    }
  }

  private static Duration positive(Duration timeout, String what) {
    Objects.requireNonNull(timeout, what);
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(what + " must be at least one second: " + timeout);
    }
    return timeout;
  }

  private static char[] readPasswordFile(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new IllegalArgumentException("password file " + file + " is empty");
      }
      return lines.get(0).toCharArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the password file " + file + ": " + e, e);
    }
  }

  private static String firstNonBlank(String... values) {
    return Arrays.stream(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse("");
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // The decoder's own message quotes the text, which may be part of a password.
      throw new IllegalArgumentException(
          "malformed percent-encoding in a PostgreSQL URL (write a % as %25)");
    }
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
