package io.posdb.database;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a posdb connection tells a PostgreSQL server about itself, as its {@code application_name}:
 * {@code posdb <release> <till>} (e.g. {@code posdb 2.0.0 till-shop1}). An upgrade reads it back from
 * {@code pg_stat_activity} to find tills of an older release still connected (issue 21 §4), so the
 * one format is written and parsed here. The release is passed in rather than read here: this
 * connection layer does not depend on the changelog package that knows it.
 */
public record ApplicationName(String release, String tillName) {

    /** PostgreSQL keeps at most NAMEDATALEN - 1 bytes of application_name and cuts the rest silently. */
    public static final int MAX_BYTES = 63;
    private static final String PREFIX = "posdb ";

    public ApplicationName {
        if (release == null || release.isBlank() || release.contains(" ")) {
            throw new IllegalArgumentException("release must be one word, got " + release);
        }
        if (tillName == null || tillName.isBlank()) {
            throw new IllegalArgumentException("tillName must be set");
        }
    }

    /**
     * How many bytes of a till name fit beside {@code release}. Till names are checked against it
     * (ASCII only, so bytes are characters): the server must not cut the name an operator is told.
     */
    public static int roomForTillName(String release) {
        return MAX_BYTES - (PREFIX + release + " ").getBytes(StandardCharsets.UTF_8).length;
    }

    /** The application_name, never longer than {@link #MAX_BYTES}. */
    public String text() {
        String text = PREFIX + release + " " + tillName;
        // Checked settings never get here too long; a name built otherwise is cut as the server would.
        return text.length() <= MAX_BYTES ? text : text.substring(0, MAX_BYTES);
    }

    /** A session's application_name read back; empty when it is not a posdb connection's. */
    public static Optional<ApplicationName> parse(String applicationName) {
        if (applicationName == null || !applicationName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = applicationName.substring(PREFIX.length()).split(" ", 2);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ApplicationName(parts[0], parts[1]));
    }
}
