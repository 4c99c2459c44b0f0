package io.posdb.transfer;

/** A transfer was refused or failed; the target is left as it was (one transaction). */
public class TransferException extends Exception {

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransferException(String message) {
        super(message);
    }
}
