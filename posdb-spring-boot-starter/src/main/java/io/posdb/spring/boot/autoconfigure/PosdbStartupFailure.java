package io.posdb.spring.boot.autoconfigure;

import io.posdb.failure.PosDatabaseException;
import org.springframework.boot.ExitCodeGenerator;

/**
 * posdb's failure ({@link PosDatabaseException}, the cause, kept as it is) as Spring Boot ends a
 * startup with it: the same message, and the same exit code through {@link ExitCodeGenerator}.
 * Not a second failure type: Spring reads a failed startup's exit code from an exception in the
 * cause chain that implements {@code ExitCodeGenerator} (an {@code ExitCodeExceptionMapper} bean is
 * not consulted once the context failed), and the library, which knows nothing of Spring, cannot.
 */
public final class PosdbStartupFailure extends RuntimeException implements ExitCodeGenerator {

    private final transient PosDatabaseException failure;

    public PosdbStartupFailure(PosDatabaseException failure) {
        super(failure.getMessage(), failure);
        this.failure = failure;
    }

    /** posdb's failure, with its kind. */
    public PosDatabaseException failure() {
        return failure;
    }

    @Override
    public int getExitCode() {
        return failure.exitCode();
    }
}
