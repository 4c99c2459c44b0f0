package io.posdb.changelog;

import io.posdb.failure.MigrationException;
import java.util.Map;
import liquibase.Scope;
import liquibase.ui.LoggerUIService;

/**
 * Runs Liquibase work in a scope fit for a till: analytics off (the till has no network
 * and must not try), and Liquibase's console output sent to the log instead of stdout,
 * so {@code --json} output stays one clean object.
 */
public final class LiquibaseScope {

    private LiquibaseScope() {
    }

    public interface Work<T> {
        T run() throws Exception;
    }

    public static <T> T run(ChangelogSource source, Work<T> work) throws MigrationException {
        Map<String, Object> values = Map.of(
                "liquibase.analytics.enabled", false,
                "liquibase.showBanner", false,
                Scope.Attr.resourceAccessor.name(), source.resources(),
                Scope.Attr.ui.name(), new LoggerUIService());
        try {
            return Scope.child(values, work::run);
        } catch (MigrationException e) {
            throw e;
        } catch (Exception e) {
            throw new MigrationException(rootMessage(e), e);
        }
    }

    /** Liquibase wraps causes several levels deep; the innermost distinct message is the useful one. */
    static String rootMessage(Throwable error) {
        String message = error.getMessage();
        Throwable cause = error.getCause();
        while (cause != null) {
            if (cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
                message = message == null ? cause.getMessage() : message + ": " + cause.getMessage();
            }
            cause = cause.getCause();
        }
        return message == null ? error.getClass().getName() : message;
    }
}
