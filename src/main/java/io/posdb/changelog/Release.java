package io.posdb.changelog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * This build's release number, written into the jar by Maven resource filtering from the
 * pom's {@code <version>}: the one place it is set. The changesets' {@code release-X.Y}
 * labels, the snapshot names ({@code before-X.Y.Z}) and the downgrade guard derive from it.
 */
public final class Release {

    /** Read once: the jar's resource cannot change while it runs; null when it is unfiltered. */
    private static final String VERSION = read("version");
    /**
     * The Liquibase version this release is built and tested with: the pom's {@code liquibase.version}, written beside
     * the release by the same filtering; null in classes run without Maven's resource filtering.
     */
    static final String LIQUIBASE_VERSION = read("liquibase.version");

    private Release() {
    }

    public static String current() {
        if (VERSION == null) {
            // Classes run without Maven's resource filtering (an IDE): no release to name.
            throw new IllegalStateException("io/posdb/version.properties has no filtered version; build with Maven");
        }
        return VERSION;
    }

    private static String read(String key) {
        try (InputStream in = Release.class.getResourceAsStream("/io/posdb/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String version = properties.getProperty(key);
            return version == null || version.startsWith("${") ? null : version;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read io/posdb/version.properties", e);
        }
    }

    /** The label this release's changesets carry: {@code release-2.0} for 2.0.0. */
    public static String label() {
        return ReleaseLabels.labelOf(current());
    }
}
