package io.posdb.drift;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.MigrationPlan;
import io.posdb.changelog.MigrationRecords;
import io.posdb.changelog.PlanGuards;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.database.ShellWords;
import io.posdb.database.TillDatabase;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.DriftDifference;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a live schema with the schema exactly its applied changesets produce. At boot a
 * cheap fingerprint is compared first, and the scratch database is built (every object
 * compared) only when it differs: on SQLite the one the build recorded for the whole packaged
 * changelog ({@link ExpectedFingerprint}), on PostgreSQL the one an earlier full comparison
 * recorded on the server ({@link VerifiedSchema}).
 */
public final class DriftCheck {

    private static final Logger log = LoggerFactory.getLogger(DriftCheck.class);
    private final TillDatabase database;
    private final ChangelogSource changelog;
    private final DataSource connections;
    /** The changelog's manifest and plan for this database; it keeps the manifest, read once for the check. */
    private final LiquibaseMigrations migrations;
    /** Read when first needed, once for the check ({@link #plan}); null before. */
    private MigrationPlan plan;

    public DriftCheck(TillDatabase database, ChangelogSource changelog) {
        this(database, changelog, null);
    }

    /**
     * Reading the live schema through {@code connections} (the application's pool, already
     * open): on a server each new connection costs an authentication handshake at every boot.
     */
    public DriftCheck(TillDatabase database, ChangelogSource changelog, DataSource connections) {
        this.database = database;
        this.changelog = changelog;
        this.connections = connections;
        this.migrations = new LiquibaseMigrations(database, changelog);
    }

    /**
     * The full comparison, always with a scratch database (what {@code posdb drift} runs: an
     * operator asking is never answered from a record). On PostgreSQL a clean result is recorded.
     * A database with no changeset applied is not compared ({@link DriftReport#NO_CHANGESET_APPLIED}), but for
     * the objects the changelog does not own ({@link #unownedBeforeAdoption}).
     */
    public DriftReport check() throws MigrationException {
        return readingLive(check -> {
            Live live = check.readLive();
            check.refuseWhatBootRefuses(live);
            return check.compareAndRecord(live);
        });
    }

    /**
     * The full comparison's differences with their kinds (objects the changelog does not own are
     * {@link SchemaDifference.Kind#NOT_IN_EXPECTED}), recording nothing on the server: what
     * {@code posdb doctor}, which writes nothing, reads. An SQLite file whose fingerprint is the one
     * the build recorded for the packaged changelog has none, and no scratch database is built for it
     * (the doctor's time on a large file is held to twice {@code PRAGMA quick_check}); any other is
     * compared in full with a scratch database; one with no changeset applied, for the objects the changelog does
     * not own only ({@link #unownedBeforeAdoption}).
     */
    public List<SchemaDifference> differences() throws MigrationException {
        // The whole schema's digest is the build's: nothing differs, nothing unowned.
        return readingLive(check -> check.recordedClean() ? List.of() : check.differencesOf(check.readLive()));
    }

    /** The full comparison's differences; with no changeset applied, the unowned objects only. */
    private List<SchemaDifference> differencesOf(Live live) throws MigrationException {
        return live.applied().isEmpty() ? unownedBeforeAdoption(live) : fullDifferences(live);
    }

    /**
     * A database with no changeset applied (a legacy shop, an empty file): its applied changesets produce nothing,
     * so compared with that every table would be unowned, while the next boot adopts it as it is. Its objects the
     * changesets that adopt it do not make ({@link ScratchSchema#adopted}) are the changelog's no more after that
     * boot than before: unowned now as then, which a strict boot refuses. What the adopted tables lack or have
     * otherwise is compared once the boot applied the changesets after the baseline, which change them.
     */
    private List<SchemaDifference> unownedBeforeAdoption(Live live) throws MigrationException {
        if (live.catalog().objects().isEmpty()) {
            return List.of(); // an empty database owns nothing of its own: no scratch database (on a server, CREATEDB)
        }
        SchemaCatalog adopted = ScratchSchema.adopted(database, changelog);
        return keptArchives(adopted, adopted.differencesFrom(live.catalog())).stream()
                .filter(d -> d.kind() == SchemaDifference.Kind.NOT_IN_EXPECTED).toList();
    }

    /**
     * The boot check, settled without a scratch database when the schema's fingerprint is one
     * known to be clean: on SQLite the applied changesets are those the build recorded and the
     * schema's digest (raw, else normalised) is the recorded one; on PostgreSQL the server holds
     * the pair of the applied changesets and the catalog's digest from an earlier clean comparison.
     */
    public DriftReport checkAtBoot() throws MigrationException {
        return readingLive(check -> {
            DriftReport clean = new DriftReport(check.database.description(), List.of(), true, null, List.of());
            if (check.database instanceof PostgresDatabase) {
                Live live = check.readLive();
                return live.verified() != null && live.verified().matches() ? clean : check.compareAndRecord(live);
            }
            // Differing from the record, the schema is compared in full: reading it once more costs
            // little beside the scratch database.
            return check.recordedClean() ? clean : check.compare(check.readLive());
        });
    }

    /**
     * An SQLite file checked against the packaged changelog whose applied changesets are those the
     * build recorded, and whose schema's digest (raw, else normalised) is the recorded one: the
     * fingerprint boot trusts.
     */
    private boolean recordedClean() throws MigrationException {
        if (database instanceof PostgresDatabase || !changelog.isPackaged()) {
            return false;
        }
        java.util.Properties recorded = ExpectedFingerprint.recorded();
        return readSchema(connection -> ExpectedFingerprint.appliedDigest(MigrationRecords.history(connection))
                .equals(recorded.getProperty("sqlite.applied"))
                && (SchemaCatalog.sqliteSchemaDigest(connection).equals(recorded.getProperty("sqlite.schema"))
                || SchemaCatalog.read(connection).fingerprint().equals(recorded.getProperty("sqlite.fingerprint"))));
    }

    private DriftReport compareAndRecord(Live live) throws MigrationException {
        DriftReport report = compare(live);
        if (!report.drift() && live.verified() != null) {
            try (Connection connection = openLive()) {
                live.verified().record(database.description(), connection);
            } catch (SQLException e) {
                // The comparison stands; only the record is lost, and the next boot compares in full.
                log.info("Could not record on {} that its schema has no drift ({}); the next boot compares in full "
                        + "again", database.description(), FailureReason.of(e));
            }
        }
        return report;
    }

    /**
     * Runs {@code check} on this check, reading the live database as a command that writes nothing must
     * ({@link TillDatabase#readWithoutWriting}: drift, the doctor and the api's drift report write
     * nothing, and a read-write connection's close would checkpoint a WAL file's {@code -wal} into it);
     * through the caller's pool as it is. The scratch database is built elsewhere (a temporary folder,
     * a scratch database on the server), and on PostgreSQL a clean result is still recorded.
     */
    private <T> T readingLive(TillDatabase.Read<DriftCheck, T, MigrationException> check) throws MigrationException {
        return connections != null ? check.from(this)
                : database.readWithoutWriting(readable -> check.from(new DriftCheck(readable, changelog, null)));
    }

    private Connection openLive() throws SQLException {
        return connections != null ? connections.getConnection() : database.open();
    }

    private DriftReport compare(Live live) throws MigrationException {
        List<DriftDifference> found = differencesOf(live).stream().map(DriftReport::differenceOf).toList();
        // The plan is read when the schema was compared in full: with none, nothing was applied.
        List<String> notComparedChangesets = plan == null ? List.of()
                : plan.newerCompatible().stream().map(HistoryEntry::id).toList();
        return new DriftReport(database.description(), found, false,
                live.applied().isEmpty() ? DriftReport.NO_CHANGESET_APPLIED : null, notComparedChangesets);
    }

    /**
     * The plan for the live database's applied changesets, as boot and the doctor compute it (with what the database
     * recorded of the changesets this release does not know), once for a check.
     */
    private MigrationPlan plan(Live live) throws MigrationException {
        if (plan == null) {
            try (Connection connection = openLive()) {
                plan = migrations.plan(connection, live.applied());
            } catch (SQLException e) {
                throw new MigrationException("Cannot read the schema of " + database.description() + ": "
                        + FailureReason.of(e), e);
            }
        }
        return plan;
    }

    /**
     * {@code posdb drift} compares what boot would run on, by boot's own guard ({@link PlanGuards#refuse}, as the
     * doctor's history check judges it): a database with changesets this release does not know and cannot run on
     * (breaking ones, or ones with no record of what they do) is not compared, exit 4 as boot and the doctor give,
     * naming them and the ways out; its schema is the newer release's, which only a release that has them compares.
     * Changesets recorded compatible pass: the part this release knows is compared, and they are named as not
     * compared ({@link DriftReport#notComparedChangesets}). An edited changeset is refused with status's line, exit 5
     * ({@link #refuseEdited}).
     */
    private void refuseWhatBootRefuses(Live live) throws MigrationException {
        if (live.applied().isEmpty()) {
            return; // nothing applied: nothing unknown or edited, and the changelog is not read for it
        }
        MigrationPlan plan = plan(live);
        refuseEdited(plan);
        try {
            PlanGuards.refuse(plan, database, false, true, false);
        } catch (PosDatabaseException refused) {
            List<HistoryEntry> unknown = plan.unknown();
            boolean recorded = unknown.stream().allMatch(r -> r.compatibility() != null);
            String them = unknown.size() == 1 ? "it" : "them";
            String compareElsewhere = plan.unknownAllOfNewerReleases()
                    ? "run posdb drift with the release that wrote " + them + " ("
                            + PlanGuards.releasesOf(unknown) + ")"
                    : "run posdb drift with a changelog that has " + them + " (put " + them + " back in this one)";
            String message = "Schema of " + database.description() + " " + DriftReport.notComparedText(
                    DriftReport.unknownChangesets(unknown.stream().map(HistoryEntry::id).toList()))
                    + ", which posdb " + Release.current() + " does not run on, so its schema is not what this "
                    + "release's changesets produce: " + compareElsewhere + (recorded ? ", or undo " + them
                    + " with this release first (" + ShellWords.posdb(database, "downgrade") + ") and run drift again"
                    : "") + ". Boot refuses it too: " + refused.getMessage();
            throw new MigrationException(message, new PosDatabaseException(refused.kind(), message, refused));
        }
    }

    /**
     * The differences of the live schema from a scratch database's, without those a newer release's changesets
     * recorded as their own ({@link #recordedByOneOf}): what an older release that starts on a database a newer one
     * upgraded sees of the newer changesets is theirs, not drift. Their records come with the plan, as boot reads it.
     */
    private List<SchemaDifference> fullDifferences(Live live) throws MigrationException {
        MigrationPlan plan = plan(live);
        refuseEdited(plan);
        SchemaCatalog expected = ScratchSchema.build(database, changelog, migrations.manifest(), live.applied());
        List<SchemaDifference> differences = keptArchives(expected,
                expected.differencesFrom(live.catalog()));
        if (differences.isEmpty() || plan.unknown().isEmpty()) {
            return differences;
        }
        List<HistoryEntry> newer = plan.unknown();
        List<SchemaDifference> notTheirs = differences.stream().filter(d -> !recordedByOneOf(newer, d)).toList();
        if (notTheirs.size() < differences.size()) {
            log.info("{} of the differences of {} are what changesets of a newer release ({}) recorded they did: not drift",
                    differences.size() - notTheirs.size(), database.description(),
                    String.join(", ", newer.stream().map(HistoryEntry::id).toList()));
        }
        return notTheirs;
    }

    /**
     * Whether one of {@code newer}, the applied changesets this changelog does not know (a newer release's), recorded
     * {@code difference} as its own when it was applied ({@code posdb_changeset}: its class and the objects it added,
     * removed or changed, in the differ's own words). An older release that starts on a database a newer one upgraded
     * compares it with what its own changesets produce: the objects the newer changesets recorded as theirs are
     * not drift, and neither a WARN nor a strict schema's refusal. A newer changeset that recorded nothing of its
     * objects (one written before posdb recorded them, or before a declared class kept them) accounts for
     * nothing: its objects are reported as before.
     */
    private static boolean recordedByOneOf(List<HistoryEntry> newer, SchemaDifference difference) {
        String object = difference.object();
        return newer.stream().filter(entry -> entry.compatibility() != null)
                .flatMap(entry -> entry.compatibility().reasons().stream())
                .anyMatch(reason -> switch (difference.kind()) {
                    case NOT_IN_EXPECTED -> reason.equals(object + " added");
                    case MISSING -> reason.equals(object + " removed");
                    case CHANGED -> reason.startsWith(object + ": ");
                });
    }

    /**
     * An applied changeset edited since it ran is refused before anything is compared, by the guard every other
     * command uses (exit 5, naming it): the scratch database would be built from what the edited changeset says
     * now, and its differences would blame the database (12) for what the changelog changed. The kind travels as
     * the cause ({@code DatabaseFailures.of}).
     */
    private static void refuseEdited(MigrationPlan plan) throws MigrationException {
        try {
            PlanGuards.refuseEdited(plan);
        } catch (PosDatabaseException edited) {
            throw new MigrationException(edited.getMessage(), edited);
        }
    }

    /**
     * {@code differences} without posdb's archives ({@link SqlIdentifiers#isPosdbArchive}) and their indexes and
     * triggers where the changesets still applied do not make them: they are kept on purpose, so they are posdb's,
     * not hand-made tables, and a strict boot must not refuse the database posdb rolled back or downgraded. The
     * audit trail is there after {@code posdb rollback --tag v1.0}: the rollback of the changeset that creates it
     * keeps it (it is the record of what migrations did, and a later rollback of the role remap reads it). An
     * {@code archived_<table>} is there after {@code posdb downgrade}, which renames a table only the newer release
     * knew to it rather than drop its rows. Each is named at INFO, as posdb's archive.
     */
    private List<SchemaDifference> keptArchives(SchemaCatalog expected, List<SchemaDifference> differences) {
        java.util.function.Predicate<SchemaDifference> ofKeptArchive = d -> d.kind()
                == SchemaDifference.Kind.NOT_IN_EXPECTED && SqlIdentifiers.isPosdbArchive(d.table())
                && expected.table(d.table()) == null;
        List<String> archives = differences.stream().filter(ofKeptArchive).map(SchemaDifference::table)
                .distinct().sorted().toList();
        if (!archives.isEmpty()) {
            log.info("Not drift on {}: {} {} posdb's archive (kept by a rollback or a downgrade instead of dropping "
                    + "its rows), not in the changelog", database.description(), String.join(", ", archives),
                    archives.size() == 1 ? "is" : "are");
        }
        return differences.stream().filter(ofKeptArchive.negate()).toList();
    }

    /** The live schema and applied changesets; on PostgreSQL with the packaged changelog, its verified-schema pair. */
    private record Live(SchemaCatalog catalog, List<HistoryEntry> applied, VerifiedSchema verified) {
    }

    private Live readLive() throws MigrationException {
        return readSchema(connection -> {
            SchemaCatalog catalog = SchemaCatalog.read(connection);
            List<HistoryEntry> applied = MigrationRecords.history(connection);
            // PostgreSQL only; only the packaged changelog is tied to the release in the record's key;
            // and an empty database has no databasechangelog to carry the record.
            VerifiedSchema verified = database instanceof PostgresDatabase && changelog.isPackaged() && !applied.isEmpty()
                    ? VerifiedSchema.read(connection, catalog, applied) : null;
            return new Live(catalog, applied, verified);
        });
    }

    private <T> T readSchema(TillDatabase.Read<Connection, T, SQLException> read) throws MigrationException {
        try (Connection connection = openLive()) {
            return read.from(connection);
        } catch (SQLException e) {
            throw new MigrationException("Cannot read the schema of " + database.description() + ": "
                    + FailureReason.of(e), e);
        }
    }
}
