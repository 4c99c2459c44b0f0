package io.posdb.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a {@link DatabaseCommand} needs of the database before it runs, declared beside its {@code @Command}
 * (one line instead of a {@code needs()} override in every command); without it, {@link Database#ANY}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@interface Needs {

    Database value();

    enum Database {
        /** Anything: the command creates or reports a missing database itself. */
        ANY,
        /** An existing database (a file is not created by opening it). */
        EXISTING,
        /**
         * An existing database the command changes (rollback, downgrade): checked writable before it starts, so a
         * read-only file is refused as boot refuses it.
         */
        EXISTING_TO_CHANGE,
        /** An existing SQLite file: the command works on files (copies, file locks). */
        EXISTING_SQLITE_FILE
    }
}
