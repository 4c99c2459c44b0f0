package io.posdb.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name, as posdb writes it for operators: in a server connection's default till
 * name, in a run record and in the upgrade lock's holder line. The system's own variable comes
 * first, then Linux's kernel name, and a resolver is asked only without either, once per process:
 * a lookup can stall a till whose network is down, and the name is only a label (a host without
 * one still starts).
 */
public final class HostName {

    /** Looked up when the class is first used: by the first call of {@link #value()}, once per process. */
    private static final String VALUE = lookUp();

    private HostName() {
    }

    /** The host's name; {@code unknown-host} when neither the environment nor the resolver gives one. */
    public static String value() {
        return VALUE;
    }

    private static String lookUp() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        try {
            // Linux gives its name as a file: read in microseconds, where a resolver look-up took
            // about ten milliseconds of every boot (the upgrade lock's holder line names the host).
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the resolver is asked.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
