package io.agentdeck.persistence;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where the database lives and how to log in; any JDBC URL whose driver and Flyway support are on the class path. */
public record DatabaseConfig(String jdbcUrl, String user, String password) {

    private static final String H2_USER = "sa";
    /**
     * H2's file system that opens the file again when an interrupted thread closed it: cancelling a reply or shutting
     * down interrupts threads that may be writing, and a plain file channel closes itself then, which closed the whole
     * database for every other writer until the app started again.
     */
    private static final String H2_FILE = "jdbc:h2:retry:";

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("Not a JDBC URL: " + jdbcUrl);
        }
    }

    /**
     * An embedded H2 database in {@code <basePath>.mv.db}. H2 must not close it from its own shutdown hook: the app
     * still writes (e.g. interrupted tasks) while shutting down and closes the database itself afterwards. A write
     * delay of 0 makes every commit reach the file before it returns (H2's default writes up to half a second later,
     * and a process killed in between lost acknowledged messages); see ADR 9.
     */
    public static DatabaseConfig h2File(Path basePath) {
        String path = basePath.toAbsolutePath().normalize().toString();
        if (path.contains(";")) {
            throw new IllegalArgumentException("An H2 database path must not contain ';': " + path);
        }
        return new DatabaseConfig(H2_FILE + path + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", H2_USER, "");
    }

    /**
     * A database server named by a URL: a JDBC URL ({@code jdbc:postgresql://host:5432/agentdeck}) or the form most
     * hosting services hand out ({@code postgresql://user:password@host:5432/agentdeck}, also {@code postgres://}).
     * A user or password given separately wins over one written into the URL.
     *
     * @throws IllegalArgumentException for a URL of another database or one that cannot be read, saying which forms work
     */
    public static DatabaseConfig fromUrl(String url, Optional<String> user, Optional<String> password) {
        String text = url.strip();
        if (text.startsWith("jdbc:postgresql:")) {
            if (userInfoEnd(text) >= 0) {
                // The driver cannot read user:password@ in its own URL form and would report a confusing host.
                throw new IllegalArgumentException("A jdbc:postgresql: URL cannot carry user:password@; use "
                        + "postgresql://user:password@host:5432/agentdeck instead, or give the user and password "
                        + "separately; got " + describe(text));
            }
            return new DatabaseConfig(text, user.orElse(""), password.orElse(""));
        }
        if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            return fromServiceUrl(text, user, password);
        }
        throw new IllegalArgumentException("The database URL must be a PostgreSQL one, such as "
                + "postgresql://user@host:5432/agentdeck or jdbc:postgresql://host:5432/agentdeck; got "
                + describe(text));
    }

    private static DatabaseConfig fromServiceUrl(String text, Optional<String> user, Optional<String> password) {
        int schemeEnd = text.indexOf("://") + 3;
        int at = userInfoEnd(text);
        String fromUser = "";
        String fromPassword = "";
        String hostAndPath = text.substring(schemeEnd);
        if (at >= 0) {
            // Split by hand: a password may hold '/', '@', ':' or '?' that a URI parser would take for structure.
            String userInfo = text.substring(schemeEnd, at);
            int colon = userInfo.indexOf(':');
            fromUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            fromPassword = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            hostAndPath = text.substring(at + 1);
        }
        URI uri;
        try {
            uri = new URI("postgresql://" + hostAndPath);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The database URL cannot be read: " + describe(text));
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException(
                    "The database URL must name a host and a database, such as postgresql://host:5432/agentdeck; got "
                            + describe(text));
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
        return new DatabaseConfig(jdbcUrl, user.orElse(fromUser), password.orElse(fromPassword));
    }

    /** Percent-decoding as in a URL's user info, where '+' is a plus sign, not a space. */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Where a {@code user:password@} part ends (the index of its '@'), or -1: the last '@' after {@code ://} that a
     * '/' still follows, so a password may hold '@', '/', ':' or '?' and an '@' in the query is not taken for it.
     */
    private static int userInfoEnd(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return -1;
        }
        int at = url.lastIndexOf('@');
        while (at > schemeEnd) {
            if (url.indexOf('/', at) > at) {
                return at;
            }
            at = url.lastIndexOf('@', at - 1);
        }
        return -1;
    }

    /** For messages and logs: the URL without a password written into it (user:password@ or password=). */
    public static String describe(String url) {
        String masked = url;
        int at = userInfoEnd(url);
        if (at >= 0) {
            int schemeEnd = url.indexOf("://") + 3;
            String userInfo = url.substring(schemeEnd, at);
            int colon = userInfo.indexOf(':');
            String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":****";
            masked = url.substring(0, schemeEnd) + shown + url.substring(at);
        }
        return masked.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    /** Whether this is an H2 database in a file (not one in memory, not a server). */
    boolean isH2File() {
        return jdbcUrl.startsWith(H2_FILE) || jdbcUrl.startsWith("jdbc:h2:file:");
    }

    /** Whether this is the embedded H2 file of the desktop app, rather than a database server. */
    public boolean isEmbedded() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** Where the data is, for the dashboard: "H2 file /path" or "PostgreSQL host:5432/agentdeck". */
    public String location() {
        if (isH2File()) {
            String path = jdbcUrl.substring(jdbcUrl.indexOf(':', "jdbc:h2:".length()) + 1);
            int options = path.indexOf(';');
            return "H2 file " + (options < 0 ? path : path.substring(0, options));
        }
        if (jdbcUrl.startsWith("jdbc:postgresql://")) {
            String rest = describe(jdbcUrl).substring("jdbc:postgresql://".length());
            int query = rest.indexOf('?');
            return "PostgreSQL " + (query < 0 ? rest : rest.substring(0, query));
        }
        return describe(jdbcUrl);
    }

    /**
     * The statement that flushes committed writes from the operating system's cache to the disk, for databases that
     * do not do so on every commit themselves: embedded H2 writes its file on commit but never calls fsync then.
     * PostgreSQL flushes its write-ahead log on commit, so it needs none.
     */
    public Optional<String> flushStatement() {
        return isH2File() ? Optional.of("CHECKPOINT SYNC") : Optional.empty();
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + describe(jdbcUrl) + ", user=" + user + ", password=****]";
    }
}
