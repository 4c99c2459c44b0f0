package io.posdb.spring.boot.autoconfigure;

import io.posdb.api.PosDatabaseSettings;
import java.lang.reflect.Method;
import org.springframework.beans.BeanInstantiationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * "APPLICATION FAILED TO START" with posdb's own message as the description instead of Spring's
 * bean-creation stack, for the two ways posdb ends a startup:
 * <ul>
 *   <li>a database posdb refused ({@link PosdbStartupFailure}): the message names the changeset, table,
 *       file or lock holder; the action gives the kind and exit code, a pointer to posdb's table of exit
 *       codes;</li>
 *   <li>a {@code posdb.*} value posdb's settings refused, or {@code spring.liquibase.enabled=true} beside
 *       posdb: the {@code IllegalArgumentException} or {@code IllegalStateException} thrown while building
 *       the auto-configuration's {@link PosDatabaseSettings} bean, whose message starts with the property
 *       ({@code posdb.snapshots-kept: keepSnapshots must be at least 1, got 0}). The same exceptions from
 *       anywhere else (the application's own beans) are not posdb's to explain and are left to Spring.</li>
 * </ul>
 * Neither changes the exit code: posdb's for a refused database, 1 for a refused setting.
 */
class PosdbFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        PosdbStartupFailure refusedDatabase = PosdbExitCode.posdbFailure(failure);
        if (refusedDatabase != null) {
            return new FailureAnalysis(refusedDatabase.getMessage(), "posdb refused the database ("
                    + refusedDatabase.failure().kind() + ", exit code " + refusedDatabase.getExitCode()
                    + "): see posdb's README, table \"Exit codes\", for what to do.", refusedDatabase);
        }
        Throwable refusedSetting = refusedSetting(failure);
        if (refusedSetting != null) {
            return new FailureAnalysis(refusedSetting.getMessage(), "Correct the setting the description names:"
                    + " posdb's docs/spring-boot.md, \"The properties\", lists each posdb.* property with its default"
                    + " and limits.", refusedSetting);
        }
        return null;
    }

    /**
     * The exception with which the auto-configuration's settings bean refused the {@code posdb.*} values, or
     * null. Spring wraps what a {@code @Bean} method throws in a {@link BeanInstantiationException} naming
     * the method, the thrown exception its direct cause; that method being posdb's is what tells a refused
     * setting from an {@code IllegalArgumentException} of the application's.
     */
    private static Throwable refusedSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BeanInstantiationException instantiation && isPosdbsSettingsBean(
                    instantiation.getConstructingMethod())) {
                Throwable thrown = instantiation.getCause();
                return thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException
                        ? thrown : null;
            }
        }
        return null;
    }

    private static boolean isPosdbsSettingsBean(Method factoryMethod) {
        return factoryMethod != null && factoryMethod.getDeclaringClass() == PosdbAutoConfiguration.class
                && factoryMethod.getReturnType() == PosDatabaseSettings.class;
    }
}
