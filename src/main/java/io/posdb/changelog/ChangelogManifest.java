package io.posdb.changelog;

import io.posdb.database.Engine;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.schema.SchemaCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import liquibase.ChecksumVersion;
import liquibase.change.Change;
import liquibase.change.core.SQLFileChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.DatabaseList;
import liquibase.precondition.core.PreconditionContainer;
import liquibase.serializer.core.string.StringChangeLogSerializer;

/**
 * The changesets a release carries, read from the changelog without touching any
 * database: what lets posdb decide that nothing is pending (or that the database is newer
 * or was edited) before Liquibase writes anything.
 */
public record ChangelogManifest(List<ManifestEntry> entries) {

    /**
     * The manifest for one engine: the packaged changelog's comes from the file the build wrote next to it for
     * each engine (no Liquibase start-up); any other changelog is parsed.
     */
    public static ChangelogManifest load(ChangelogSource source, Engine engine) throws MigrationException {
        if (source.isPackaged()) {
            List<ManifestEntry> packaged = ManifestFile.readPackaged(engine);
            if (packaged != null) {
                return new ChangelogManifest(packaged);
            }
        }
        return parse(source, engine);
    }

    /**
     * Parses the changelog with Liquibase and computes each changeset's checksum; changesets limited
     * by {@code dbms:} to other engines are not part of an engine's plan.
     */
    public static ChangelogManifest parse(ChangelogSource source, Engine engine) throws MigrationException {
        return LiquibaseScope.run(source, () -> {
            DatabaseChangeLog changeLog = source.parse();
            refuseDuplicates(source, changeLog.getChangeSets().stream()
                    .filter(changeSet -> appliesTo(changeSet, engine)).toList(), engine);
            return withDuplicates(changeLog, engine);
        });
    }

    /**
     * The manifest of a changelog already parsed, inside {@link LiquibaseScope#run} (a checksum reads an
     * {@code sqlFile}'s file through the scope), with a duplicate changeset kept, as written: for lint, which reports
     * it at its line (DUPLICATE_CHANGESET) among its other findings instead of stopping at it.
     */
    public static ChangelogManifest withDuplicates(DatabaseChangeLog changeLog, Engine engine)
            throws ChangelogException {
        List<ManifestEntry> entries = new ArrayList<>();
        for (ChangeSet changeSet : changeLog.getChangeSets()) {
            if (appliesTo(changeSet, engine)) {
                entries.add(entry(changeSet));
            }
        }
        return new ChangelogManifest(List.copyOf(entries));
    }

    /**
     * Refuses a changelog in which two of the engine's changesets share file, id and author: Liquibase's validation
     * refuses it too ("changesets had duplicate identifiers"), but only once the update runs, as a failed migration;
     * read here, it is the malformed changelog it is (BAD_CHANGELOG) for every command, before any lock or snapshot.
     * Changesets of different engines may share an identifier: Liquibase runs only one of them.
     */
    private static void refuseDuplicates(ChangelogSource source, List<ChangeSet> changeSets, Engine engine)
            throws ChangelogException {
        Set<String> seen = new HashSet<>();
        for (ChangeSet changeSet : changeSets) {
            String identifier = changeSet.toString(false);
            if (!seen.add(identifier)) {
                throw new ChangelogException("Changelog " + source.description() + " declares changeset "
                        + changeSet.getId() + " (author " + changeSet.getAuthor() + ") twice in "
                        + changeSet.getFilePath() + " (for " + engine.dbms() + "): Liquibase refuses duplicate "
                        + "identifiers (" + identifier + "); give one of them an id of its own");
            }
        }
    }

    /**
     * Whether the changeset runs on {@code engine}, judged by Liquibase's own reading of {@code dbms:} (a name,
     * "all", "none", a negation such as {@code '!postgresql'}, or nothing), so that what posdb counts is what
     * Liquibase runs.
     */
    public static boolean appliesTo(ChangeSet changeSet, Engine engine) {
        return appliesTo(changeSet.getDbmsSet(), engine);
    }

    /** {@link #appliesTo(ChangeSet, Engine)} for a changeset's {@code dbms:} as written (lint reads the text). */
    public static boolean appliesTo(Collection<String> dbms, Engine engine) {
        return DatabaseList.definitionMatches(dbms, engine.dbms(), true);
    }

    /**
     * How many of the engine's changesets, in changelog order, adopt a database as it is: the leading ones whose
     * precondition marks them as ran when what they make is already there ({@code onFail: MARK_RAN}, the baseline's
     * "not tableExists"). On a database with no history yet (a legacy shop) a boot marks each as ran, or applies it
     * when its table is missing, so what they produce is the schema that boot adopts: the changelog's own objects
     * before the changesets after them run ({@code posdb drift} and the doctor compare a legacy shop with it).
     */
    public static int adoptingCount(ChangelogSource source, Engine engine) throws MigrationException {
        return LiquibaseScope.run(source, () -> {
            int count = 0;
            for (ChangeSet changeSet : source.parse().getChangeSets()) {
                if (!appliesTo(changeSet, engine)) {
                    continue;
                }
                PreconditionContainer guard = changeSet.getPreconditions();
                if (guard == null || guard.getNestedPreconditions().isEmpty()
                        || guard.getOnFail() != PreconditionContainer.FailOption.MARK_RAN) {
                    return count;
                }
                count++;
            }
            return count;
        });
    }

    /**
     * The changeset's halting guard ({@code onFail: HALT} with at least one precondition), if it has one: a guard
     * that stops the update with the rows it names, which the runner reports and lint's scratch run may lift.
     */
    public static Optional<PreconditionContainer> haltingGuard(ChangeSet changeSet) {
        PreconditionContainer guard = changeSet.getPreconditions();
        return guard != null && !guard.getNestedPreconditions().isEmpty()
                && guard.getOnFail() == PreconditionContainer.FailOption.HALT ? Optional.of(guard) : Optional.empty();
    }

    /**
     * What Liquibase's checksum leaves out of each changeset (by {@code id<TAB>file}), as a digest: its
     * preconditions as Liquibase serializes them (each with its parameters, onFail and onError), then each
     * rollback change's own checksum. released.sum keeps it beside the checksum, so that an edit to a released
     * guard or rollback fails lint. {@code g1:} names this way of computing it, as Liquibase's {@code 9:} does. Of a
     * changelog already parsed, inside {@link LiquibaseScope#run}: a rollback's {@code sqlFile} is read through it.
     */
    public static Map<String, String> guardsDigests(DatabaseChangeLog changeLog) throws ChangelogException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (ChangeSet changeSet : changeLog.getChangeSets()) {
            StringBuilder text = new StringBuilder();
            if (changeSet.getPreconditions() != null) {
                text.append(new StringChangeLogSerializer().serialize(changeSet.getPreconditions(), true));
            }
            for (Change change : changeSet.getRollback().getChanges()) {
                text.append('\n').append(readFilesOf(changeSet, change::generateCheckSum));
            }
            // The first 16 bytes of the digest, in hex.
            digests.put(changeSet.getId() + "\t" + changeSet.getFilePath(),
                    "g1:" + SchemaCatalog.sha256(text.toString()).substring(0, 32));
        }
        return digests;
    }

    private static ManifestEntry entry(ChangeSet changeSet) throws ChangelogException {
        // The rollback's files too: Liquibase reads them only when the rollback runs, years later on a till.
        for (Change undo : changeSet.getRollback().getChanges()) {
            if (undo instanceof SQLFileChange) {
                readFilesOf(changeSet, undo::generateCheckSum);
            }
        }
        return new ManifestEntry(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                readFilesOf(changeSet, () -> changeSet.generateCheckSum(ChecksumVersion.latest())).toString(),
                changeSet.isAlwaysRun(), changeSet.isRunOnChange());
    }

    /**
     * A checksum, which reads the files the changeset's changes (or rollback changes) name ({@code sqlFile}'s path):
     * one Liquibase cannot read (missing, unreadable) makes the changelog malformed (BAD_CHANGELOG, exit 9, for lint
     * and boot alike, before any lock or snapshot), named by its changeset, not a failed migration.
     */
    private static <T> T readFilesOf(ChangeSet changeSet, Supplier<T> checksum) throws ChangelogException {
        try {
            return checksum.get();
        } catch (RuntimeException e) { // Liquibase's UnexpectedLiquibaseException, wrapped or not
            throw new ChangelogException("Changeset " + changeSet.getId() + " of " + changeSet.getFilePath()
                    + " names a file Liquibase cannot read: " + FailureReason.of(e), e);
        }
    }
}
