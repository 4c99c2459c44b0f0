package io.posdb.lint;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.DataChanges;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.database.Engine;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.migration.sqlite.guard.SqliteHazard;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lint asks of a change that only Liquibase's own reading of it can answer, decided from its Change objects
 * inside the scope that read the changelog, by the accounts boot and a till use themselves: the SQLite hazard of each
 * change and rollback change ({@link SqliteHazard#of(Change)}, the guard's: an {@code sqlFile}'s text is the file as
 * Liquibase resolves and reads it), and whether a change writes rows without auditing them
 * ({@link DataChanges#writesRowsUnaudited}, what a till records as {@code unauditedRowsChanged}). Kept for the
 * changesets that apply to SQLite (lint's SQLite rules and its scratch database judge those), by id and file as
 * Liquibase names them; none when Liquibase cannot read the changelog, whose own rules then say why.
 */
record LiquibaseChanges(Map<String, ChangeSetChanges> changeSets) {

    private static final Logger log = LoggerFactory.getLogger(LiquibaseChanges.class);

    /** One change as Liquibase read it: its type, its SQLite hazard (null: none), and whether it writes rows unaudited. */
    record Read(String type, SqliteHazard hazard, boolean writesRowsUnaudited) {
    }

    /** A changeset's changes and its rollback block's, in the order it lists them. */
    record ChangeSetChanges(List<Read> changes, List<Read> rollback) {

        static final ChangeSetChanges NONE = new ChangeSetChanges(List.of(), List.of());

        /**
         * The hazard of the change of {@code type} at {@code index} of the changes (or of the rollback block), if
         * Liquibase read one of that type there.
         */
        Optional<SqliteHazard> hazard(boolean inRollback, int index, String type) {
            return at(inRollback ? rollback : changes, index).filter(read -> read.type().equals(type))
                    .map(Read::hazard);
        }

        /** Whether the change at {@code index} of the changes (the observed change's index) writes rows unaudited. */
        boolean writesRowsUnaudited(int index) {
            return at(changes, index).map(Read::writesRowsUnaudited).orElse(false);
        }

        private static Optional<Read> at(List<Read> reads, int index) {
            return index < reads.size() ? Optional.of(reads.get(index)) : Optional.empty();
        }
    }

    static LiquibaseChanges read(Path master) {
        ChangelogSource source = ChangelogSource.file(master);
        try {
            return LiquibaseScope.run(source, () -> {
                Map<String, ChangeSetChanges> changeSets = new HashMap<>();
                for (ChangeSet changeSet : source.parse().getChangeSets()) {
                    if (ChangelogManifest.appliesTo(changeSet, Engine.SQLITE)) {
                        changeSets.putIfAbsent(key(changeSet.getId(), changeSet.getFilePath()), new ChangeSetChanges(
                                reads(changeSet.getChanges()), reads(changeSet.getRollback().getChanges())));
                    }
                }
                return new LiquibaseChanges(Map.copyOf(changeSets));
            });
        } catch (MigrationException e) {
            log.debug("Lint reads the changes' text only: {}", FailureReason.of(e));
            return new LiquibaseChanges(Map.of());
        }
    }

    /** The changeset's changes as Liquibase read them; none when it did not (not an SQLite changeset). */
    ChangeSetChanges of(String id, String file) {
        return changeSets.getOrDefault(key(id, file), ChangeSetChanges.NONE);
    }

    private static List<Read> reads(List<Change> changes) {
        ChangeFactory factory = Scope.getCurrentScope().getSingleton(ChangeFactory.class);
        return changes.stream().map(change -> new Read(factory.getChangeMetaData(change).getName(),
                SqliteHazard.of(change).orElse(null), DataChanges.writesRowsUnaudited(change))).toList();
    }

    private static String key(String id, String file) {
        return id + "\t" + file;
    }
}
