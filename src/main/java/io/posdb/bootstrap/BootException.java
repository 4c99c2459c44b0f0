package io.posdb.bootstrap;

/** The till cannot start on this database; the message says what to look at. */
public class BootException extends Exception {

    public BootException(String message, Throwable cause) {
        super(message, cause);
    }
}
