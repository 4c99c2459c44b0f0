package io.posdb.changelog;

import io.posdb.failure.PosDatabaseException;
import io.posdb.failure.BootFailure;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The refusals a plan can call for before anything is written: a newer database, an edited changeset. */
public final class PlanGuards {

    private static final Logger log = LoggerFactory.getLogger(PlanGuards.class);

    private PlanGuards() {
    }

    public static void refuseNewerOrEdited(MigrationPlan plan, String database, boolean allowNewerDatabase)
            throws PosDatabaseException {
        if (!plan.modified().isEmpty()) {
            throw new PosDatabaseException(BootFailure.CHECKSUM_MISMATCH, "Applied changeset(s) were edited after they ran "
                    + "(checksum mismatch): " + plan.modified().stream().map(e -> e.id() + " in " + e.file())
                    .collect(Collectors.joining(", ")) + ". Restore the original changeset and add a new one instead.");
        }
        if (!plan.unknown().isEmpty()) {
            String unknown = plan.unknown().stream().map(PlanGuards::describe).collect(Collectors.joining(", "));
            if (!allowNewerDatabase) {
                throw new PosDatabaseException(BootFailure.NEWER_DATABASE, "Database " + database
                        + " was upgraded by a newer release: it has changeset(s) that posdb " + Release.current()
                        + " (" + Release.label() + ") does not know: " + unknown + ". Run that release, or pass --allow-newer-database.");
            }
            log.warn("Starting on a database newer than this release (--allow-newer-database): {}", unknown);
        }
    }

    private static String describe(AppliedRow row) {
        String release = row.labels() == null || row.labels().isBlank() ? "an unknown release" : row.labels();
        return row.id() + " (" + row.file() + ", applied " + row.dateExecuted() + " by " + release + ")";
    }
}
