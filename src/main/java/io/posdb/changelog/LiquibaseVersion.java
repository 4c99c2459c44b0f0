package io.posdb.changelog;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import liquibase.util.LiquibaseUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Liquibase an application's class path holds, against the one posdb is built and tested with. An
 * application's dependency management may choose another (Spring Boot's BOM pulls Liquibase 5, which is not under
 * an open-source licence and which posdb is not tested with), and Liquibase runs on whatever it is given without a
 * word: posdb says so once per process, at its first Liquibase work, with how to pin the version it is built for.
 */
final class LiquibaseVersion {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseVersion.class);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private LiquibaseVersion() {
    }

    /** The first call in a process logs {@link #warning} at WARN, if there is one; the others do nothing. */
    static void warnOnceIfUntested() {
        if (CHECKED.compareAndSet(false, true)) {
            warning(LiquibaseUtil.getBuildVersion(), Release.LIQUIBASE_VERSION).ifPresent(log::warn);
        }
    }

    /**
     * What to tell an application whose Liquibase is {@code found} ({@code LiquibaseUtil.getBuildVersion()}: a
     * version, "DEV" for a build of Liquibase's own sources, null if it cannot tell) when posdb is built and tested
     * with {@code testedWith}; none when they are the same, or when posdb's own build does not say (classes run
     * without Maven's resource filtering).
     */
    static Optional<String> warning(String found, String testedWith) {
        if (testedWith == null || testedWith.equals(found)) {
            return Optional.empty();
        }
        return Optional.of("posdb is built and tested with Liquibase " + testedWith + ", but the class path has "
                + "Liquibase " + (found == null || found.isBlank() ? "of an unknown version" : found)
                + " (an application's dependency management, such as Spring Boot's, may have chosen it): pin "
                + "org.liquibase:liquibase-core:" + testedWith + " in the application's dependencyManagement");
    }
}
