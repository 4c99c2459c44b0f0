package io.posdb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The release number, written into the jar by Maven resource filtering. */
public final class PosdbVersion implements IVersionProvider {

    public static String current() {
        try (InputStream in = PosdbVersion.class.getResourceAsStream("/io/posdb/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read io/posdb/version.properties", e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"posdb " + current()};
    }
}
