package io.posdb.effect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.HistoryEntry;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.database.Engine;
import io.posdb.database.SideFiles;
import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.Causes;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.DatabaseFailures;
import io.posdb.failure.FailedChangeSet;
import io.posdb.failure.FailureReason;
import io.posdb.failure.MigrationException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.files.PrivateFiles;
import io.posdb.files.TemporaryFolder;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.sql.Jdbc;
import io.posdb.sql.SqlIdentifiers;
import io.posdb.upgrade.sqlite.DatabaseFileCheck;
import io.posdb.upgrade.sqlite.DurableFiles;
import io.posdb.upgrade.sqlite.SqliteBackup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.exception.ValidationFailedException;
import liquibase.resource.ResourceAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effects of a changelog's SQLite changesets, observed on a scratch SQLite file in a private
 * temporary folder: the changelog applied one changeset at a time ({@link EffectRecorder} seeds and
 * reads around each changeset and change), each ran changeset's rollback applied to a copy of the
 * scratch right after it and compared with the state before it. Changeset k is applied from the changelog
 * cut after it ({@link #upTo}): Liquibase validates the whole changelog it is given before it runs anything,
 * so a later changeset it refuses would otherwise stop every earlier one, and be blamed on the first this run
 * observes. The effect of changeset k and the
 * scratch file after it are cached under the key of the Liquibase checksums of changesets 1..k (and of their
 * rollbacks, which Liquibase's checksum leaves out: the effect holds the rollback's check), so
 * a changelog that adds one changeset to a known one runs only that one. An entry is only ever what
 * changesets 1..k did: a failure is never cached (it may be the machine's, a full disk or a locked file, as
 * much as the changeset's), so a changeset that failed is observed again by the next run, as are those after it.
 * <p>{@code all} holds the SQLite changesets, in changelog order; {@code fromCache} says how many of
 * them came from the cache (the rest were observed now). {@code unavailable} is the machine's failure that
 * stopped the observation (a full disk, a folder that cannot be made or written, SQLite that cannot start: no
 * changeset's), in words naming the folder; null when none did. The changesets from the one it stopped at are
 * {@link ChangeSetEffect.Outcome#NOT_REACHED}; all of them when it stopped before the first.
 */
public record ChangeSetEffects(List<ChangeSetEffect> all, int fromCache, String unavailable) {

    private static final Logger log = LoggerFactory.getLogger(ChangeSetEffects.class);

    /** Part of every cache key: a change to what is observed, or how, makes old entries unreachable. */
    private static final String FORMAT = "posdb-effects-13";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ChangeSetEffects {
        all = List.copyOf(all);
    }

    /** The effect of the changeset, or null when it is not a SQLite changeset (or nothing was observed). */
    public ChangeSetEffect of(String id, String file) {
        return all.stream().filter(e -> e.id().equals(id) && e.file().equals(file)).findFirst().orElse(null);
    }

    /** Observes the changelog under {@code master}, with the cache in {@code cacheFolder} ({@link #defaultCache}). */
    public static ChangeSetEffects observe(Path master, Path cacheFolder) throws MigrationException {
        ChangelogSource source = ChangelogSource.file(master);
        return LiquibaseScope.run(source, () -> observe(source, source.parse(), cacheFolder));
    }

    /**
     * Observes {@code changeLog}, {@code source}'s changelog as Liquibase parsed it (lint's one parse, inside
     * {@link LiquibaseScope#run}): it is run as parsed, through {@code source}'s resources, so that a relative
     * {@code sqlFile} is read from the changelog's folder.
     */
    public static ChangeSetEffects observe(ChangelogSource source, DatabaseChangeLog changeLog, Path cacheFolder)
            throws MigrationException {
        long started = System.nanoTime();
        List<ChangeSetEffect> effects = new ArrayList<>();
        TemporaryFolder folder = null;
        // Where the scratch database is made: its free space is said when the disk is full.
        Path place = cacheFolder.toAbsolutePath();
        try {
            Optional<String> untrusted = untrusted(cacheFolder);
            if (untrusted.isPresent()) {
                // Its entries decide lint's verdicts: one planted there could pass a changeset that drops a table.
                log.warn("Not using the cache {} of observed changeset effects: {}; every changeset is observed "
                        + "again (remove it, or make it this account's alone)", cacheFolder, untrusted.get());
                place = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
                folder = TemporaryFolder.create("posdb-effects-", null);
            } else {
                // Built from the changelog alone, the scratch holds nothing of a shop; the folder is still private
                // (0700). It is made inside the cache, so that a copy moves into the cache atomically: the system's
                // temporary folder may be another file system (a tmpfs /tmp), where an atomic move across is
                // refused. A killed lint's folder is removed by the next run (TemporaryFolder).
                folder = TemporaryFolder.create(cacheFolder, "posdb-run-", null);
            }
            // Without a cache to trust, this run's own folder is its cache, and goes with it.
            Path cache = untrusted.isPresent() ? Files.createDirectory(folder.path().resolve("cache")) : cacheFolder;
            Path scratch = folder.path().resolve("scratch.db");
            Path work = folder.path();
            int[] fromCache = {0};
            String[] unavailable = {null};
            ResourceAccessor resources = source.resources();
            // The scope's accessor too, not the parser's alone: a checksum (keys) and a run read an sqlFile through it.
            LiquibaseScope.runOnScratchDatabaseReportingFailures(() -> Scope.child(Scope.Attr.resourceAccessor.name(),
                    resources, () -> {
                List<ChangeSet> sqlite = changeLog.getChangeSets().stream()
                        // An ignored changeset (ignore: true, a developer's way to park one) runs on no database.
                        .filter(changeSet -> ChangelogManifest.appliesTo(changeSet, Engine.SQLITE) && !changeSet.isIgnore())
                        .toList();
                List<String> keys = keys(sqlite);
                fromCache[0] = cached(cache, keys, sqlite, effects);
                // Made owner-only (0600) whatever the umask, before SQLite or the cached bytes fill it: each entry
                // copied from it into the cache gets its permissions (SqliteBackup), where SQLite would have created
                // it, and Files.copy copied it, with the umask's.
                PrivateFiles.createOwnerOnly(scratch);
                if (fromCache[0] > 0) {
                    try (OutputStream out = Files.newOutputStream(scratch, StandardOpenOption.WRITE)) {
                        Files.copy(cache.resolve(keys.get(fromCache[0] - 1) + ".db"), out);
                    }
                }
                unavailable[0] = run(changeLog, resources, sqlite, keys, effects, scratch, cache, work);
            }));
            log.debug("Observed the effects of {} changesets ({} from the cache) in {} ms", effects.size(), fromCache[0],
                    (System.nanoTime() - started) / 1_000_000);
            return new ChangeSetEffects(effects, fromCache[0], unavailable[0]);
        } catch (MigrationException e) {
            throw e;
        } catch (Exception e) {
            Optional<String> machines = machines(e, place.resolve("scratch.db"));
            if (machines.isPresent()) {
                // Before any changeset was applied: none is observed, and lint must say it could not check.
                log.debug("Cannot observe the changesets of {} on a scratch database", source.description(), e);
                return new ChangeSetEffects(List.of(), 0, machines.get());
            }
            throw new ChangelogException("Cannot observe the changesets of " + source.description()
                    + " on a scratch database: " + FailureReason.of(e), e);
        } finally {
            if (folder != null) {
                folder.closeQuietly();
            }
        }
    }

    /**
     * The machine's failure in {@code error}, in words naming the place (the folder of {@code file}, the scratch
     * database, for a full disk): a full disk, a file or folder that cannot be made, read or written (SQLite's code
     * for it, as a till's upgrade judges it, {@link DatabaseFailures}; or the file system's error), SQLite that
     * cannot start (its native library cannot be unpacked: the words name the setting to change). Empty when it is
     * no place's: the changeset's own failure, or Liquibase refusing the changelog.
     */
    private static Optional<String> machines(Throwable error, Path file) {
        SqliteDatabase scratch = SqliteDatabase.at(file);
        Optional<Throwable> full = DatabaseFailures.diskFull(error);
        if (full.isPresent()) {
            return Optional.of(DatabaseFailures.diskFullReason(scratch, full.get()));
        }
        PosDatabaseException failure = DatabaseFailures.of(scratch, error);
        if (failure.kind() == BootFailure.NOT_WRITABLE || failure.kind() == BootFailure.LOCKED) {
            return Optional.of(failure.getMessage());
        }
        return Causes.first(error, FileSystemException.class).map(FailureReason::of);
    }

    /**
     * Why the cache folder cannot be trusted (a link, another account's, or writable by others: see
     * {@link PrivateFiles#whyNotPrivate}); it is made for this account alone ({@code 0700}) when missing, as the
     * shared temporary folder's {@code posdb-effects-<user>} would otherwise be anyone's to make first.
     */
    private static Optional<String> untrusted(Path cache) throws IOException {
        if (Files.notExists(cache, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(cache.toAbsolutePath().getParent());
            try {
                PrivateFiles.createOwnerOnlyFolder(cache);
            } catch (FileAlreadyExistsException madeMeanwhile) {
                // By another lint run, or by someone else: judged below either way.
            }
        }
        return PrivateFiles.whyNotPrivate(cache);
    }

    /** Where the cache lives: under the project's target/ when run from the project, else the temporary folder. */
    public static Path defaultCache() {
        Path target = Path.of("target");
        return Files.isDirectory(target) ? target.resolve("posdb-effects")
                : Path.of(System.getProperty("java.io.tmpdir"), "posdb-effects-" + System.getProperty("user.name"));
    }

    /**
     * Key k: the format, the build of posdb that observed (its custom changes act in the effects,
     * and their code is not part of any checksum), and the checksums (with id, author and file)
     * of changesets 1..k.
     */
    private static List<String> keys(List<ChangeSet> changeSets) {
        List<String> lines = new ArrayList<>(List.of(FORMAT, build()));
        List<String> keys = new ArrayList<>();
        for (ChangeSet changeSet : changeSets) {
            // Liquibase's checksum leaves the rollback out, but the effect holds its check: an edited rollback
            // must be observed again, not read from the cache.
            lines.add(changeSet.getId() + "\t" + changeSet.getAuthor() + "\t" + changeSet.getFilePath() + "\t"
                    + changeSet.generateCheckSum(ChecksumVersion.latest()) + "\t" + changeSet.getRollback().getChanges()
                    .stream().map(change -> change.generateCheckSum().toString()).toList());
            keys.add(SchemaCatalog.digest(lines));
        }
        return keys;
    }

    /** When this build of posdb was made: the time of the jar, or of this class where it runs from classes/. */
    private static String build() {
        try {
            URL self = ChangeSetEffects.class.getResource("ChangeSetEffects.class");
            Path built = Path.of(self.openConnection() instanceof JarURLConnection jar ? jar.getJarFileURL().toURI()
                    : self.toURI());
            return String.valueOf(Files.getLastModifiedTime(built).toMillis());
        } catch (Exception e) {
            // Unknown: the format alone keys the build, as a release's cache is its own anyway.
            return "unknown build";
        }
    }

    /**
     * Loads the longest cached prefix (each effect, and the scratch after the last); returns its length. Only
     * changesets that ran or were skipped are cached; a failure found there (written by hand, or by a build
     * before failures were left out) is observed again. An entry that is missing (or half there: another run
     * moves its {@code .db} in before it writes its {@code .json}) ends the prefix; so does one whose {@code .json}
     * cannot be read or is another changeset's, with a warning naming it: that changeset and the ones after it are
     * observed again, and their entries rewritten. Of the {@code .db} files only the prefix's last is read (copied
     * as the scratch to continue from), so only it is checked ({@link #damage}): an earlier entry's is never opened,
     * which on a long changelog is one SQLite open per lint instead of one per changeset. When it is damaged, a
     * warning names it and the prefix ends before it: the entry before it gives the scratch (and is checked in turn).
     */
    private static int cached(Path cache, List<String> keys, List<ChangeSet> sqlite, List<ChangeSetEffect> effects) {
        for (int k = 0; k < keys.size(); k++) {
            Path json = cache.resolve(keys.get(k) + ".json");
            Path db = cache.resolve(keys.get(k) + ".db");
            if (!Files.isRegularFile(json) || !Files.isRegularFile(db)) {
                break;
            }
            ChangeSetEffect effect;
            try {
                effect = JSON.readValue(json.toFile(), ChangeSetEffect.class);
            } catch (IOException e) {
                warnDamaged(json, "it cannot be read: " + FailureReason.of(e));
                break;
            }
            if (effect.outcome() != ChangeSetEffect.Outcome.RAN && effect.outcome() != ChangeSetEffect.Outcome.SKIPPED) {
                break;
            }
            ChangeSet changeSet = sqlite.get(k);
            if (!effect.id().equals(changeSet.getId()) || !effect.author().equals(changeSet.getAuthor())
                    || !effect.file().equals(changeSet.getFilePath())) {
                warnDamaged(json, "it holds the effect of changeset " + effect.id() + " (" + effect.file() + "), not of "
                        + changeSet.getId() + " (" + changeSet.getFilePath() + ")");
                break;
            }
            effects.add(effect);
        }
        while (!effects.isEmpty()) {
            int last = effects.size() - 1;
            Path db = cache.resolve(keys.get(last) + ".db");
            Optional<String> damage = damage(db, sqlite.get(last), recorded(sqlite, effects));
            if (damage.isEmpty()) {
                break;
            }
            warnDamaged(db, damage.get());
            effects.remove(last);
        }
        return effects.size();
    }

    /** The DATABASECHANGELOG rows the changesets of {@code effects} (the first of {@code sqlite}) leave. */
    private static List<String> recorded(List<ChangeSet> sqlite, List<ChangeSetEffect> effects) {
        return IntStream.range(0, effects.size()).filter(k -> effects.get(k).recorded()).mapToObj(sqlite::get)
                .map(changeSet -> HistoryEntry.key(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath()))
                .toList();
    }

    private static void warnDamaged(Path entry, String why) {
        log.warn("Lint's cache entry {} of an observed changeset effect is damaged ({}): that changeset and the ones "
                + "after it are observed again, and their entries rewritten", entry, why);
    }

    /**
     * Why the scratch database cached after {@code changeSet} cannot be believed, or empty: it is not what the
     * changesets of its key built (not an SQLite file, one cut short, or another entry's: its DATABASECHANGELOG
     * does not record exactly {@code recorded}, the changesets of the key Liquibase records). Cheap on purpose, as
     * it runs on every lint: the header check a boot makes (magic string, size against the declared page count: no
     * page is read) and one query of DATABASECHANGELOG on a read-only connection, which creates nothing beside the
     * file. {@code PRAGMA quick_check} would read every page of the file each time;
     * the damage a cache meets is to a whole file (cut short by a full disk or a killed copy, overwritten,
     * swapped), which these catch. A page damaged inside a whole file fails the run after it, which lint reports.
     */
    private static Optional<String> damage(Path db, ChangeSet changeSet, List<String> recorded) {
        try {
            DatabaseFileCheck.checkHeader(db);
        } catch (PosDatabaseException e) {
            // The warning names the file already: what is wrong with it, without the boot's "Database <file>".
            return Optional.of(e.getMessage().replace("Database " + db + " cannot be used: ", ""));
        }
        try {
            List<String> rows;
            try (Connection connection = SqliteDatabase.readOnlyAt(db).open()) {
                rows = Jdbc.rows(connection, "SELECT ID, AUTHOR, FILENAME FROM DATABASECHANGELOG", List.of(),
                        rs -> HistoryEntry.key(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            // Which changesets, not in what order: the key fixes the order, and a swapped or foreign file differs.
            if (!new HashSet<>(rows).equals(new HashSet<>(recorded)) || rows.size() != recorded.size()) {
                return Optional.of("its DATABASECHANGELOG does not record the " + recorded.size() + " changesets up to "
                        + changeSet.getId() + " that its key names (it records " + rows.size() + ")");
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(FailureReason.of(e));
        }
    }

    /**
     * Applies the SQLite changesets after the cached ones, each from the changelog cut after it, and records what
     * each did. A changeset that fails stops the observation: the changesets after it are not reached (the
     * scratch cannot be built past it). A failure is the changeset's own when it failed while Liquibase ran it
     * (its precondition halted, its SQL failed), or when Liquibase refused to validate the changelog up to it
     * while the changelog up to the one before it validates on the same scratch (posdb's SQLite guard refusing
     * its addColumn, a duplicate id). The machine's failure ({@link #machines}: a full disk, a folder that cannot
     * be written), wherever it happens, is no changeset's: this changeset and the rest are not reached, and it is
     * returned, for lint to say that it could not check them. Any other failure (a validation error naming an
     * earlier changeset) is blamed on none: this changeset and the rest are not reached, with that reason.
     * Returns the machine's failure, or null.
     */
    private static String run(DatabaseChangeLog changeLog, ResourceAccessor resources, List<ChangeSet> sqlite,
                              List<String> keys, List<ChangeSetEffect> effects, Path scratch, Path cache, Path work)
            throws Exception {
        String stopped = null;
        String unavailable = null;
        if (effects.size() < sqlite.size()) {
            SqliteDatabase database = SqliteDatabase.at(scratch);
            try (Connection connection = database.open()) {
                Database scratchDatabase = LiquibaseScope.databaseOn(connection);
                while (stopped == null && effects.size() < sqlite.size()) {
                    int k = effects.size();
                    ChangeSet changeSet = sqlite.get(k);
                    DatabaseChangeLog upToIt = upTo(changeLog, changeSet, true);
                    EffectRecorder recorder = new EffectRecorder();
                    Liquibase liquibase = new Liquibase(upToIt, resources, scratchDatabase);
                    liquibase.setChangeExecListener(recorder);
                    ChangeSetEffect effect;
                    try {
                        liquibase.update(1, new Contexts(), new LabelExpression());
                        effect = recorder.recorded(changeSet) != null ? recorder.recorded(changeSet)
                                : recorder.failed(changeSet, "it was not run", connection);
                    } catch (Exception e) {
                        if (machines(e, scratch).isPresent()) {
                            throw e; // said below, for this changeset and the rest
                        }
                        if (!recorder.started(changeSet) && !refusedForItself(e, changeLog, changeSet, scratchDatabase)) {
                            stopped = "the changelog up to it could not be applied on the scratch database: "
                                    + FailureReason.of(e);
                            break;
                        }
                        effect = recorder.failed(changeSet, oneLine(e), connection);
                    } finally {
                        recorder.restoreGuard();
                    }
                    if (effect.outcome() == ChangeSetEffect.Outcome.FAILED) {
                        // Not cached: observed again next time, in what may be a better environment.
                        effects.add(effect);
                        stopped = "an earlier changeset, " + changeSet.getId() + ", failed on the scratch database";
                        break;
                    }
                    Path copy = cache.resolve(keys.get(k) + ".db");
                    // Copied in this run's private folder, then moved: lint runs at once share the cache.
                    SqliteBackup.copy(database, work.resolve("after.db"));
                    Files.move(work.resolve("after.db"), copy, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    if (effect.ran()) {
                        effect = rollbackChecked(effect, recorder.changeSetStart(), upToIt, resources, copy, work);
                    }
                    write(cache.resolve(keys.get(k) + ".json"), effect);
                    effects.add(effect);
                }
            } catch (Exception e) {
                // Opening the scratch, a changeset's run, its rollback's, a copy into the cache: the machine's.
                unavailable = machines(e, scratch).orElseThrow(() -> e);
                log.debug("Lint's scratch database stopped at changeset {}", sqlite.get(effects.size()).getId(), e);
                stopped = "lint could not apply it on its scratch database: " + unavailable;
            }
        }
        for (int k = effects.size(); k < sqlite.size(); k++) {
            ChangeSet changeSet = sqlite.get(k);
            effects.add(new ChangeSetEffect(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                    ChangeSetEffect.Outcome.NOT_REACHED, stopped, Map.of(), Map.of(), Map.of(), Map.of(), List.of(),
                    Map.of(), List.of(), List.of(), null, List.of(), null, null, List.of()));
        }
        return unavailable;
    }

    /**
     * Liquibase's reason for a changeset's failure on one line, as a till's failure is said
     * ({@link FailedChangeSet}): without the "Migration failed for changeset" header that repeats the changeset,
     * without exception class names.
     */
    private static String oneLine(Exception failure) {
        return FailedChangeSet.in(failure).map(FailedChangeSet::reason)
                .orElseGet(() -> FailedChangeSet.readable(FailureReason.of(failure)));
    }

    /**
     * The changelog cut after {@code last} (with it, or without it): its changesets in their order up to it, of
     * every engine (Liquibase skips another engine's), with the changelog's own settings. What is applied, and
     * validated, to observe changeset k is exactly what its cache key names: the scratch is built from the
     * changelog up to that point.
     */
    static DatabaseChangeLog upTo(DatabaseChangeLog changeLog, ChangeSet last, boolean withIt) {
        DatabaseChangeLog cut = new DatabaseChangeLog(changeLog.getPhysicalFilePath());
        cut.setLogicalFilePath(changeLog.getRawLogicalFilePath());
        cut.setChangeLogParameters(changeLog.getChangeLogParameters());
        cut.setObjectQuotingStrategy(changeLog.getObjectQuotingStrategy());
        cut.setContextFilter(changeLog.getContextFilter());
        if (!changeLog.getPreconditions().getNestedPreconditions().isEmpty()) {
            cut.setPreconditions(changeLog.getPreconditions());
        }
        cut.getChangeVisitors().addAll(changeLog.getChangeVisitors());
        // By identity, not indexOf: ChangeSet.equals is Liquibase's identifier, which a duplicate shares with the first.
        List<ChangeSet> changeSets = changeLog.getChangeSets();
        int end = IntStream.range(0, changeSets.size()).filter(i -> changeSets.get(i) == last).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(last + " is not in " + changeLog.getPhysicalFilePath()));
        cut.getChangeSets().addAll(changeSets.subList(0, withIt ? end + 1 : end));
        return cut;
    }

    /**
     * Whether {@code failure} is Liquibase refusing to validate the changelog up to {@code changeSet} because of
     * {@code changeSet}: the changelog up to the one before it validates on the same scratch database.
     */
    private static boolean refusedForItself(Exception failure, DatabaseChangeLog changeLog, ChangeSet changeSet,
                                            Database scratch) {
        if (Causes.first(failure, ValidationFailedException.class).isEmpty()) {
            return false;
        }
        try {
            upTo(changeLog, changeSet, false).validate(scratch, new Contexts(), new LabelExpression());
            return true;
        } catch (Exception earlier) {
            return false;
        }
    }

    /**
     * Applies the changeset's rollback to a copy of the scratch after it and compares the result
     * with the state before it: the catalog (archive tables and their objects are kept by design)
     * and the rows (archived rows count as kept).
     */
    private static ChangeSetEffect rollbackChecked(ChangeSetEffect effect, EffectRecorder.Start before,
                                                   DatabaseChangeLog changeLog, ResourceAccessor resources, Path after,
                                                   Path work) throws Exception {
        Path copy = work.resolve("rollback.db");
        Files.copy(after, copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> problems = new ArrayList<>();
        try (Connection connection = SqliteDatabase.at(copy).open()) {
            try {
                new Liquibase(changeLog, resources, LiquibaseScope.databaseOn(connection))
                        .rollback(1, new Contexts(), new LabelExpression());
            } catch (Exception e) {
                if (machines(e, copy).isPresent()) {
                    throw e; // not the rollback's failure: lint could not check it
                }
                return effect.withRollback(false, List.of("the rollback fails: " + FailureReason.of(e)));
            }
            EffectRecorder.Start rolledBack = EffectRecorder.read(connection);
            for (SchemaDifference d : before.catalog().differencesFrom(rolledBack.catalog())) {
                if (!ofArchive(d.object(), before.catalog(), rolledBack.catalog())) {
                    problems.add(switch (d.kind()) {
                        case MISSING -> d.object() + " is not given back";
                        case NOT_IN_EXPECTED -> d.object() + " is left behind";
                        case CHANGED -> d.object() + ": " + d.attribute() + " is '" + d.actual() + "', before it was '"
                                + d.expected() + "'";
                    });
                }
            }
            problems.addAll(before.rows().notRestoredIn(rolledBack.rows()));
        } finally {
            Files.deleteIfExists(copy);
        }
        return effect.withRollback(problems.isEmpty(), problems);
    }

    /** Whether the object belongs to an archive table (data_migration_audit, archived_*), which rollbacks keep. */
    private static boolean ofArchive(String label, SchemaCatalog before, SchemaCatalog after) {
        SchemaCatalog catalog = before.get(label) != null ? before : after;
        // A table, or a part of one; an index or trigger names its table; a view has none.
        String table = catalog.tableOf(label) != null ? catalog.tableOf(label) : catalog.get(label).attributes().get("table");
        return table != null && SqlIdentifiers.isPosdbArchive(table);
    }

    /**
     * The temporary file is this process's own: lint runs at once share the cache. Owner-only (0600) whatever the
     * umask, as the cache folder is.
     */
    private static void write(Path target, ChangeSetEffect effect) throws IOException {
        DurableFiles.write(target, SideFiles.sibling(target, "." + ProcessHandle.current().pid() + ".tmp"),
                PrivateFiles::createOwnerOnly, out -> JSON.writeValue(out, effect), true);
    }
}
