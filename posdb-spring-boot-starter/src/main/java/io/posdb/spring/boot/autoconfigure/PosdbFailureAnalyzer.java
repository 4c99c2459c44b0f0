package io.posdb.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * "APPLICATION FAILED TO START" with posdb's own message as the description (it names the changeset,
 * table, file or lock holder) instead of Spring's bean-creation stack, and the kind and exit code as
 * the action's pointer to posdb's table of exit codes.
 */
class PosdbFailureAnalyzer extends AbstractFailureAnalyzer<PosdbStartupFailure> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PosdbStartupFailure cause) {
        return new FailureAnalysis(cause.getMessage(), "posdb refused the database (" + cause.failure().kind()
                + ", exit code " + cause.getExitCode() + "): see posdb's README, table \"Exit codes\", for what to do.",
                cause);
    }
}
