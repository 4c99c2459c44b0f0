package io.posdb.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's release number, written into the jar by Maven resource filtering. */
public final class Release {

    private Release() {
    }

    public static String current() {
        try (InputStream in = Release.class.getResourceAsStream("/io/posdb/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read io/posdb/version.properties", e);
        }
    }
}
