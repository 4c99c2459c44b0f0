package io.posdb.failure;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one walk of an exception's cause chain, outermost first: Liquibase, Hibernate and the drivers wrap what
 * posdb reads (its own failure, SQLite's code, Hibernate's schema message) several levels deep.
 */
public final class Causes {

    private Causes() {
    }

    /** The outermost of {@code error} and its causes that is a {@code type}. */
    public static <T extends Throwable> Optional<T> first(Throwable error, Class<T> type) {
        return first(error, type, found -> true);
    }

    /** The outermost of {@code error} and its causes that is a {@code type} and {@code matches}. */
    public static <T extends Throwable> Optional<T> first(Throwable error, Class<T> type,
                                                          Predicate<? super T> matches) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause) && matches.test(type.cast(cause))) {
                return Optional.of(type.cast(cause));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
