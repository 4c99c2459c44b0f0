package io.posdb.lint;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.DataChanges;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.database.Engine;
import io.posdb.migration.sqlite.guard.SqliteHazard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;

/**
 * What lint asks of a change that only Liquibase's own reading of it can answer, decided from its Change objects
 * inside the scope that read the changelog, by the accounts boot and a till use themselves: the SQLite hazard of each
 * change and rollback change ({@link SqliteHazard#of(Change)}, the guard's: an {@code sqlFile}'s text is the file as
 * Liquibase resolves and reads it), and whether a change writes rows ({@link DataChanges#changesData(Change)}: an
 * sqlFile's by the SQL in its file), without auditing them ({@link DataChanges#writesRowsUnaudited}, what a till
 * records as {@code unauditedRowsChanged}). Kept for the
 * changesets that apply to SQLite (lint's SQLite rules and its scratch database judge those), by id and file as
 * Liquibase names them.
 */
record LiquibaseChanges(Map<String, ChangeSetChanges> changeSets) {

    /**
     * One change as Liquibase read it: its type, its SQLite hazard (null: none), whether it writes rows (an sqlFile by
     * the SQL in its file, {@link DataChanges#changesData(Change)}) and whether it writes them unaudited.
     */
    record Read(String type, SqliteHazard hazard, boolean writesRows, boolean writesRowsUnaudited) {
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

        /**
         * Whether the change of {@code type} at {@code index} of the changes writes rows, as a till judges it; empty
         * where Liquibase read no change of that type there (not an SQLite changeset).
         */
        Optional<Boolean> writesRows(int index, String type) {
            return at(changes, index).filter(read -> read.type().equals(type)).map(Read::writesRows);
        }

        /** Whether the change at {@code index} of the changes (the observed change's index) writes rows unaudited. */
        boolean writesRowsUnaudited(int index) {
            return at(changes, index).map(Read::writesRowsUnaudited).orElse(false);
        }

        private static Optional<Read> at(List<Read> reads, int index) {
            return index < reads.size() ? Optional.of(reads.get(index)) : Optional.empty();
        }
    }

    /** Of {@code parsed}, Liquibase's reading of the changelog, inside {@link LiquibaseScope#run}. */
    static LiquibaseChanges of(DatabaseChangeLog parsed) {
        Map<String, ChangeSetChanges> changeSets = new HashMap<>();
        for (ChangeSet changeSet : parsed.getChangeSets()) {
            if (ChangelogManifest.appliesTo(changeSet, Engine.SQLITE)) {
                changeSets.putIfAbsent(key(changeSet.getId(), changeSet.getFilePath()), new ChangeSetChanges(
                        reads(changeSet.getChanges()), reads(changeSet.getRollback().getChanges())));
            }
        }
        return new LiquibaseChanges(Map.copyOf(changeSets));
    }

    /** The changeset's changes as Liquibase read them; none when it did not (not an SQLite changeset). */
    ChangeSetChanges of(String id, String file) {
        return changeSets.getOrDefault(key(id, file), ChangeSetChanges.NONE);
    }

    private static List<Read> reads(List<Change> changes) {
        ChangeFactory factory = Scope.getCurrentScope().getSingleton(ChangeFactory.class);
        return changes.stream().map(change -> new Read(factory.getChangeMetaData(change).getName(),
                SqliteHazard.of(change).orElse(null), DataChanges.changesData(change),
                DataChanges.writesRowsUnaudited(change))).toList();
    }

    private static String key(String id, String file) {
        return id + "\t" + file;
    }
}
