package io.posdb.failure;

/** The till cannot start on this database; the message says what to look at. */
public class BootException extends Exception {

    private final BootFailure failure;

    public BootException(BootFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public BootException(BootFailure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public BootFailure failure() {
        return failure;
    }
}
