package io.posdb.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.posdb.changelog.ChangelogManifest;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.ManifestEntry;
import io.posdb.database.Engine;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.schema.SchemaObject;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observed effects of the packaged changelog's changesets, checked against its manifest (the
 * SQLite changesets, in order) and the seeded rows (not fixed counts).
 */
class ChangeSetEffectsTest {

    private static final Path MASTER = Path.of("changelog/db.changelog-master.yaml");

    @TempDir
    static Path cache;

    private static List<ManifestEntry> manifest;
    private static ChangeSetEffects effects;
    /** What posdb logged while observing the changelog into an empty cache. */
    private static List<String> logged;

    @BeforeAll
    static void observeThePackagedChangelog() throws Exception {
        manifest = ChangelogManifest.parse(ChangelogSource.file(MASTER), Engine.SQLITE).entries();
        try (CapturedLogs logs = new CapturedLogs()) {
            effects = ChangeSetEffects.observe(MASTER, cache);
            logged = logs.messages();
        }
    }

    @Test
    void theCustomChangesSayNothingAboutTheScratchDatabaseTheyRunOn() {
        // "Migrated user 1", "dropped empty table user" on lint's console would read as news about a shop.
        assertThat(effects.fromCache()).isZero();
        assertThat(logged).isEmpty();
    }

    private static ChangeSetEffect effectOf(String idPart) {
        ManifestEntry entry = manifest.stream().filter(e -> e.id().contains(idPart)).findFirst().orElseThrow();
        return effects.of(entry.id(), entry.file());
    }

    /** What the changeset did to the table's rows; nothing when the effect lists no change to them. */
    private static TableRows rows(ChangeSetEffect effect, String table) {
        return effect.rows().getOrDefault(table, new TableRows(table, 0, 0, List.of()));
    }

    @Test
    void everySqliteChangeSetOfTheManifestHasItsEffectInChangelogOrder() {
        assertThat(effects.all()).extracting(ChangeSetEffect::id).containsExactlyElementsOf(
                manifest.stream().map(ManifestEntry::id).toList());
        assertThat(effects.all()).extracting(ChangeSetEffect::file).containsExactlyElementsOf(
                manifest.stream().map(ManifestEntry::file).toList());
        // Ran, except where the changeset's own precondition (onFail: MARK_RAN, as an audited data change's
        // "anything to do?") found nothing to do on the seeded scratch.
        assertThat(effects.all()).allSatisfy(e -> {
            if (e.outcome() != ChangeSetEffect.Outcome.RAN) {
                assertThat(e.outcome()).as(e.id()).isEqualTo(ChangeSetEffect.Outcome.SKIPPED);
                assertThat(java.nio.file.Files.readString(Path.of(e.file()))).as(e.id()).contains("onFail: MARK_RAN");
            }
        });
    }

    @Test
    void everyTableHoldsSeededRowsBeforeEachChangeSetOrIsReportedUnseededWithAReason() {
        for (ChangeSetEffect effect : effects.all()) {
            for (String table : effect.tablesBefore().keySet()) {
                assertThat(effect.rowsBefore().getOrDefault(table, 0) > 0
                        || !effect.unseeded().getOrDefault(table, "").isBlank())
                        .as("table %s before %s", table, effect.id()).isTrue();
            }
        }
        ChangeSetEffect last = effects.all().get(effects.all().size() - 1);
        assertThat(last.tablesBefore()).isNotEmpty();
        assertThat(last.tablesBefore().keySet()).allSatisfy(table -> assertThat(last.rowsBefore().get(table)).isPositive());
    }

    @Test
    void theRoleRemapChangesUserRoleInEverySeededRowAndAuditsEachChange() {
        ChangeSetEffect remap = effectOf("remap-user-roles");
        int users = remap.rowsBefore().get("user");
        assertThat(rows(remap, "user").changedColumns()).containsExactly("role");
        assertThat(rows(remap, "user").deleted()).isZero();
        assertThat(rows(remap, "data_migration_audit").inserted()).isEqualTo(users);
        assertThat(remap.differences()).isEmpty();
        assertThat(remap.rollbackRestores()).as(String.valueOf(remap.rollbackProblems())).isTrue();
    }

    @Test
    void theRoleConstraintRebuildsUserKeepingItsRowsAndAddsTheCheck() {
        ChangeSetEffect rebuild = effectOf("enforce-user-role-constraint");
        assertThat(rebuild.ran()).isTrue();
        assertThat(rebuild.tablesAfter().keySet()).containsAll(rebuild.tablesBefore().keySet());
        assertThat(rows(rebuild, "user").deleted()).isZero();
        assertThat(rows(rebuild, "user").inserted()).isZero();
        assertThat(rebuild.rowsBefore().get("user")).isPositive();
        assertThat(rebuild.differences()).contains(
                new SchemaDifference(SchemaDifference.Kind.NOT_IN_EXPECTED, SchemaObject.Kind.CHECK, "user.role", null,
                        null, null, "user"),
                new SchemaDifference(SchemaDifference.Kind.CHANGED, SchemaObject.Kind.COLUMN, "user.role", "type",
                        "VARCHAR(7)", "VARCHAR(5)", "user"));
        assertThat(rebuild.tablesAfter().get("user")).extracting(SchemaCatalog.Column::name)
                .containsAll(rebuild.tablesBefore().get("user").stream().map(SchemaCatalog.Column::name).toList());
        assertThat(rebuild.rollbackRestores()).as(String.valueOf(rebuild.rollbackProblems())).isTrue();
    }

    @Test
    void eachBaselineCreatesItsTableAndItsRollbackGivesBackTheSchemaBeforeIt() {
        for (ManifestEntry entry : manifest.stream().filter(e -> e.id().contains("-baseline-")).toList()) {
            ChangeSetEffect baseline = effects.of(entry.id(), entry.file());
            assertThat(baseline.tablesAfter().keySet()).hasSize(baseline.tablesBefore().size() + 1)
                    .containsAll(baseline.tablesBefore().keySet());
            assertThat(baseline.rollbackRestores()).as(entry.id() + " " + baseline.rollbackProblems()).isTrue();
        }
    }

    @Test
    void aProtectiveTriggerWhoseMessageSaysDeleteCreatesATriggerAndDeletesNothing(@TempDir Path dir) throws Exception {
        Path master = Changelogs.withExtraChangeSet(dir, "0012-x.yaml", "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/0012-x.yaml\n"
                + "  - changeSet:\n      id: 0012-x\n      author: posdb\n      changes:\n"
                + "        - sql:\n            splitStatements: false\n"
                + "            sql: \"CREATE TRIGGER keep_sales BEFORE DELETE ON sale BEGIN SELECT RAISE(ABORT, "
                + "'sales are kept; DELETE FROM sale is refused'); END\"\n"
                + "        - sql: { sql: \"DELETE FROM saleitem WHERE quantity = -1\" }\n"
                + "      rollback:\n        - sql: { sql: DROP TRIGGER keep_sales }\n");
        ChangeSetEffect trigger = ChangeSetEffects.observe(master, cache).all().get(manifest.size());
        assertThat(trigger.ran()).isTrue();
        assertThat(trigger.differences()).containsExactly(
                new SchemaDifference(SchemaDifference.Kind.NOT_IN_EXPECTED, SchemaObject.Kind.TRIGGER, "keep_sales", null,
                        null, null, "sale"));
        assertThat(trigger.changes().get(0).deletedFrom()).isEmpty();
        assertThat(trigger.rows()).isEmpty();
        // No seeded row meets the WHERE; SQLite's compiled statement still deletes from saleitem.
        assertThat(rows(trigger, "saleitem").deleted()).isZero();
        assertThat(trigger.changes().get(1).deletedFrom()).containsExactly("saleitem");
        assertThat(trigger.rollbackRestores()).as(String.valueOf(trigger.rollbackProblems())).isTrue();
    }

    @Test
    void theSecondObservationComesFromTheCacheAndAnAddedChangeSetRunsAlone(@TempDir Path dir) throws Exception {
        ChangeSetEffects again = ChangeSetEffects.observe(MASTER, cache);
        assertThat(again.fromCache()).isEqualTo(manifest.size());
        assertThat(again.all()).isEqualTo(effects.all());

        Path master = Changelogs.withExtraChangeSet(dir, "0012-x.yaml", "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/0012-x.yaml\n"
                + "  - changeSet:\n      id: 0012-x\n      author: posdb\n      changes:\n"
                + "        - sql: { sql: \"DELETE FROM sale\" }\n      rollback:\n        - empty: {}\n");
        ChangeSetEffects extended = ChangeSetEffects.observe(master, cache);
        assertThat(extended.fromCache()).isEqualTo(manifest.size());
        ChangeSetEffect delete = extended.all().get(manifest.size());
        assertThat(rows(delete, "sale").deleted()).isEqualTo(delete.rowsBefore().get("sale")).isPositive();
        assertThat(delete.rollbackRestores()).isFalse();
        assertThat(delete.rollbackProblems()).anySatisfy(p -> assertThat(p).startsWith("sale: "));
    }
    @Test
    void aChangeSetWhoseRollbackAloneWasEditedIsObservedAgainNotReadFromTheCache(@TempDir Path dir) throws Exception {
        // Liquibase's checksum leaves the rollback out; the cached effect holds the rollback's check.
        String changeSet = "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/0012-x.yaml\n"
                + "  - changeSet:\n      id: 0012-x\n      author: posdb\n      changes:\n"
                + "        - sql: { sql: \"CREATE INDEX ix_sale_total ON sale (total)\" }\n      rollback:\n";
        Path master = Changelogs.withExtraChangeSet(dir, "0012-x.yaml",
                changeSet + "        - sql: { sql: DROP INDEX ix_no_such_index }\n");
        ChangeSetEffect wrong = ChangeSetEffects.observe(master, cache).all().get(manifest.size());
        assertThat(wrong.rollbackRestores()).isFalse();

        Files.writeString(dir.resolve("changes/0012-x.yaml"),
                changeSet + "        - sql: { sql: DROP INDEX ix_sale_total }\n");
        ChangeSetEffects mended = ChangeSetEffects.observe(master, cache);
        assertThat(mended.fromCache()).isEqualTo(manifest.size());
        assertThat(mended.all().get(manifest.size()).rollbackRestores())
                .as(String.valueOf(mended.all().get(manifest.size()).rollbackProblems())).isTrue();
    }

    @Test
    void aChangeSetThatFailsOnTheScratchIsObservedAgainNotReadFromTheCache(@TempDir Path dir) throws Exception {
        // A failure may be the machine's (a full disk, a locked file), not the changeset's: a cache entry is only
        // ever what the changesets of its key did.
        Path master = Changelogs.withFailingChangeSet(dir);
        for (int run = 0; run < 2; run++) {
            ChangeSetEffects observed = ChangeSetEffects.observe(master, cache);
            assertThat(observed.fromCache()).isEqualTo(manifest.size());
            ChangeSetEffect failed = observed.all().get(manifest.size());
            assertThat(failed.outcome()).isEqualTo(ChangeSetEffect.Outcome.FAILED);
            assertThat(failed.reason()).contains("no such table: loyalty_points");
        }
        assertThat(entries(cache)).filteredOn(entry -> entry.toString().endsWith(".json"))
                .allSatisfy(entry -> assertThat(Files.readString(entry)).doesNotContain("\"FAILED\""));
    }

    @Test
    void aValidationFailureNamingAnEarlierChangeSetIsNotBlamedOnTheChangeSetBeingObserved(@TempDir Path dir)
            throws Exception {
        // The scratch databases in this cache record another checksum for the newest changeset than its file
        // gives: Liquibase's validation of the changelog then fails naming it, not the changeset added after it.
        Path tampered = Files.createDirectory(dir.resolve("cache"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (Path entry : entries(cache)) {
            Path copy = Files.copy(entry, tampered.resolve(entry.getFileName()));
            if (copy.toString().endsWith(".db")) {
                try (java.sql.Connection connection = io.posdb.database.SqliteDatabase.at(copy).open();
                     java.sql.Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE DATABASECHANGELOG SET MD5SUM = '9:00000000000000000000000000000000'"
                            + " WHERE ID = '" + manifest.get(manifest.size() - 1).id() + "'");
                }
            }
        }
        int entries = entries(tampered).size();
        Path master = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0012-x.yaml", "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/0012-x.yaml\n"
                + "  - changeSet:\n      id: 0012-x\n      author: posdb\n      changes:\n"
                + "        - sql: { sql: \"CREATE INDEX ix_sale_total ON sale (total)\" }\n");

        ChangeSetEffects observed = ChangeSetEffects.observe(master, tampered);

        assertThat(observed.fromCache()).isEqualTo(manifest.size());
        ChangeSetEffect added = observed.all().get(manifest.size());
        assertThat(added.outcome()).isEqualTo(ChangeSetEffect.Outcome.NOT_REACHED);
        assertThat(added.reason()).contains("check sum", manifest.get(manifest.size() - 1).id());
        assertThat(entries(tampered)).as("nothing cached for the changeset not observed").hasSize(entries);
    }

    @Test
    void aNewCacheIsThisAccountsAloneAndOneOthersMayWriteInIsNeitherReadNorWritten(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("cache");
        assertThat(ChangeSetEffects.observe(MASTER, mine).fromCache()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine))).isEqualTo("rwx------");
        assertThat(ChangeSetEffects.observe(MASTER, mine).fromCache()).as("read when it is private").isEqualTo(manifest.size());

        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<Path> before = entries(mine);
        try (CapturedLogs logs = new CapturedLogs()) {
            ChangeSetEffects observed = ChangeSetEffects.observe(MASTER, mine);

            assertThat(observed.fromCache()).isZero();
            assertThat(observed.all()).isEqualTo(effects.all());
            assertThat(logs.messages()).anySatisfy(m -> assertThat(m).contains("Not using the cache " + mine,
                    "others may write in it (rwxrwxrwx)"));
        }
        assertThat(entries(mine)).as("nothing written into it").isEqualTo(before);
    }

    @Test
    void aNewCacheAndEveryEntryLintWritesInItAreTheOwnersAloneNotTheUmasks(@TempDir Path dir) throws Exception {
        assumeThat(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class))
                .as("a file system with POSIX permissions").isTrue();
        Path mine = dir.resolve("cache");
        assertThat(ChangeSetEffects.observe(MASTER, mine).fromCache()).as("every entry written by a fresh scratch")
                .isZero();
        Path master = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0012-x.yaml", "databaseChangeLog:\n"
                + "  - logicalFilePath: changelog/changes/0012-x.yaml\n"
                + "  - changeSet:\n      id: 0012-x\n      author: posdb\n      changes:\n"
                + "        - sql: { sql: \"CREATE INDEX ix_sale_total ON sale (total)\" }\n");
        assertThat(ChangeSetEffects.observe(master, mine).fromCache()).as("one more entry, by a scratch from the cache")
                .isEqualTo(manifest.size());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine))).isEqualTo("rwx------");
        assertThat(entries(mine)).as("a .db and a .json for each changeset").hasSize(2 * (manifest.size() + 1))
                .allSatisfy(entry -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)))
                        .as(entry.toString()).isEqualTo("rw-------"));
    }

    @Test
    void aCacheThatIsASymbolicLinkIsNotFollowed(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("cache"), cache); // the filled cache of @BeforeAll

        assertThat(ChangeSetEffects.observe(MASTER, link).fromCache()).isZero();
    }

    @Test
    void aCacheOfAnotherAccountIsNotRead(@TempDir Path dir) throws Exception {
        assumeThat(System.getProperty("user.name")).as("only root can give a folder away").isEqualTo("root");
        Path theirs = Files.createDirectory(dir.resolve("cache"));
        ChangeSetEffects.observe(MASTER, theirs); // filled, then given away as it is
        Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(ChangeSetEffects.observe(MASTER, theirs).fromCache()).isZero();
            assertThat(logs.messages()).anySatisfy(m -> assertThat(m).contains("it belongs to nobody"));
        }
    }

    private static List<Path> entries(Path folder) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
    }
}
