package io.posdb.api;

import static io.posdb.api.ExpectedKind.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.Release;
import io.posdb.database.PostgresDatabase;
import io.posdb.failure.AfterFailure;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import io.posdb.report.UpgradeRun;
import io.posdb.report.UpgradeStep;
import io.posdb.schema.SchemaCatalog;
import io.posdb.schema.SchemaDifference;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.NewerRelease;
import io.posdb.testsupport.PostgresServer;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 on a server: release 2.0 meets a database a test-only release 2.1 upgraded (testsupport.NewerRelease). */
@Tag("postgres")
@ExtendWith(QuietLogs.class)
class OlderReleaseOnNewerServerTest {

    @TempDir
    Path dir;

    private PostgresDatabase database;
    private PostgresDatabase twenty;

    @BeforeEach
    void freshDatabases() throws Exception {
        database = PostgresServer.createDatabase();
        twenty = PostgresServer.createDatabase();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        PostgresServer.drop(database);
        PostgresServer.drop(twenty);
    }

    @Test
    void release20StartsOnACompatible21ServerDatabaseWithOneWarn() throws Exception {
        upgradedBy21(NewerRelease.COMPATIBLE);

        try (CapturedLogs logs = new CapturedLogs();
             PosDatabase db = PosDatabase.boot(PosDatabaseSettings.of(database).build())) {
            assertThat(db.applied()).isEmpty();
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                    .filteredOn(e -> e.getFormattedMessage().contains("0100-user-email")).hasSize(1);
            try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO sale (receipt_no, total, payment_method, cashier_id) "
                        + "SELECT 'R-21-1', '3.50', 'cash', min(id) FROM \"user\"");
            }
        }
    }

    @Test
    void release20RefusesABreaking21ServerDatabaseAndDowngradeReturnsItTo20InOneTransaction() throws Exception {
        upgradedBy21(NewerRelease.BREAKING_ON_POSTGRES);
        PosDatabase.upgrade(PosDatabaseSettings.of(twenty).build());
        List<String> emails = values("SELECT test_email FROM \"user\" ORDER BY id");
        List<String> products = values("SELECT id || ':' || coalesce(category_id::text, 'null') FROM product ORDER BY id");
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertRefused(() -> PosDatabase.boot(settings), BootFailure.NEWER_DATABASE, "0102-product-category-required");

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(settings);

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("0102-product-category-required",
                "0101-fill-product-category", "0100-user-email");
        assertThat(catalog(twenty).differencesFrom(catalog(database))).as("release 2.0's schema").isEmpty();
        assertThat(values("SELECT id || ':' || coalesce(category_id::text, 'null') FROM product ORDER BY id"))
                .as("every product, with its category").isEqualTo(products);
        assertThat(values("SELECT old_value FROM data_migration_audit WHERE changeset_id = '0100-user-email' "
                + "AND column_name = 'test_email' ORDER BY CAST(row_id AS INTEGER)"))
                .isEqualTo(emails.stream().filter(e -> e != null).toList());
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
        }
        assertThat(PosDatabaseMaintenance.downgrade(settings)).isEmpty();
    }

    /**
     * A data change of 2.1 that changed rows without auditing them (its old values are nowhere) is refused from the
     * record, before the run is recorded, naming it and its file; nothing is undone (before, the downgrade removed it
     * from the history and reported success with the prices still 2.1's). One that matched no row is undone: see
     * {@link #release20RefusesABreaking21ServerDatabaseAndDowngradeReturnsItTo20InOneTransaction}.
     */
    @Test
    void aDataChangeThatChangedRowsWithoutAuditingThemIsRefusedBeforeTheRunIsRecorded() throws Exception {
        upgradedBy21(NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0103-round-prices
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: UPDATE product SET price = '9.99' WHERE sku = 'S1'
                      rollback:
                        - sql:
                            sql: UPDATE product SET price = '1.00' WHERE sku = 'S1'
                """);
        String changelogFile = values("SELECT filename FROM databasechangelog WHERE id = '0103-round-prices'").get(0);
        List<String> products = values("SELECT id || ':' || price FROM product ORDER BY id");
        SchemaCatalog upgraded = catalog(database);
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertRefused(() -> PosDatabaseMaintenance.downgrade(settings), BootFailure.MIGRATION_FAILED,
                "changeset 0103-round-prices (" + changelogFile + ") changed rows without auditing them");

        assertThat(upgraded.differencesFrom(catalog(database))).as("nothing undone").isEmpty();
        assertThat(values("SELECT id || ':' || price FROM product ORDER BY id")).isEqualTo(products);
        assertThat(values("SELECT id FROM databasechangelog WHERE id = '0103-round-prices'")).hasSize(1);
        assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /**
     * A CHECK and a unique constraint that 2.1 adds to tables 2.0 has: PostgreSQL keeps no definition of the
     * table to put back, so the recorded undo drops each constraint by the name the server gave it.
     */
    @Test
    void aConstraintA21AddedToAnExistingTableIsDroppedByItsNameSoTheDowngradeReturnsTheServerTo20() throws Exception {
        upgradedBy21(NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0103-product-rules
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: ALTER TABLE product ADD CONSTRAINT product_price_positive CHECK (CAST(price AS NUMERIC) > 0)
                        - sql:
                            sql: ALTER TABLE product ADD CONSTRAINT "Product name once" UNIQUE (name)
                """);
        PosDatabase.upgrade(PosDatabaseSettings.of(twenty).build());
        List<String> products = values("SELECT id || ':' || name || ':' || price FROM product ORDER BY id");
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
        assertRefused(() -> PosDatabase.boot(settings), BootFailure.NEWER_DATABASE, "0103-product-rules");

        assertThat(PosDatabaseMaintenance.downgrade(settings)).extracting(AppliedChangeSet::id)
                .containsExactly("0103-product-rules", "0100-user-email");

        assertThat(catalog(twenty).differencesFrom(catalog(database))).as("release 2.0's schema").isEmpty();
        assertThat(values("SELECT id || ':' || name || ':' || price FROM product ORDER BY id")).isEqualTo(products);
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
        }
    }

    /**
     * A foreign key whose actions 2.1 changed and a unique constraint it removed: each is put back from the
     * catalog before the changeset, under its old name, the key with its actions. A CHECK 2.1 changed is not:
     * the server's text of it does not read back as the same text, so the downgrade refuses, naming it.
     */
    @Test
    void aKeyA21ChangedOrRemovedIsPutBackAsItWasSoTheDowngradeReturnsTheServerTo20() throws Exception {
        upgradedBy21(NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0104-keys-loosened
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            splitStatements: false
                            sql: >-
                              DO $$ BEGIN
                              EXECUTE (SELECT format('ALTER TABLE product DROP CONSTRAINT %I, ADD CONSTRAINT %I
                              FOREIGN KEY (category_id) REFERENCES category (id) ON DELETE CASCADE', conname, conname)
                              FROM pg_constraint WHERE conrelid = 'product'::regclass AND contype = 'f');
                              EXECUTE (SELECT format('ALTER TABLE category DROP CONSTRAINT %I', conname)
                              FROM pg_constraint WHERE conrelid = 'category'::regclass AND contype = 'u');
                              END $$
                """);
        PosDatabase.upgrade(PosDatabaseSettings.of(twenty).build());
        assertThat(catalog(twenty).differencesFrom(catalog(database))).as("2.1 changed the key and dropped the unique")
                .extracting(SchemaDifference::object).contains("foreign key product(category_id)",
                        "unique constraint on category(name)");
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertThat(PosDatabaseMaintenance.downgrade(settings)).extracting(AppliedChangeSet::id)
                .containsExactly("0104-keys-loosened", "0100-user-email");

        assertThat(catalog(twenty).differencesFrom(catalog(database))).as("release 2.0's schema").isEmpty();
        String keys = "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE connamespace = current_schema()::regnamespace AND contype IN ('u', 'f') ORDER BY 1";
        assertThat(values(keys)).as("each key by its name and the server's own definition").isEqualTo(values(twenty, keys));
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
        }
    }

    /**
     * Columns 2.1 moved to another type affinity (an integer to text, a flag to text, text to a number): PostgreSQL
     * changes such a type only when told how to cast, so the recorded undo casts each back (USING) to the type the
     * catalog had before, keeping every value.
     */
    @Test
    void aColumnA21MovedAcrossTypeAffinitiesIsCastBackSoTheDowngradeReturnsTheServerTo20() throws Exception {
        String rows = "SELECT id || ':' || stock || ':' || is_active || ':' || price FROM product ORDER BY id";
        upgradedBy21(NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0106-product-columns-as-other-types
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: >-
                              ALTER TABLE product ALTER COLUMN stock TYPE TEXT USING stock::TEXT,
                              ALTER COLUMN is_active TYPE VARCHAR(5) USING is_active::VARCHAR(5),
                              ALTER COLUMN price TYPE NUMERIC(12,2) USING price::NUMERIC(12,2)
                """);
        PosDatabase.upgrade(PosDatabaseSettings.of(twenty).build());
        List<String> products = values(rows);
        assertThat(catalog(twenty).differencesFrom(catalog(database))).as("2.1 changed the three types")
                .filteredOn(d -> "type".equals(d.attribute())).extracting(SchemaDifference::object)
                .containsExactlyInAnyOrder("column product.stock", "column product.is_active", "column product.price");
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertThat(PosDatabaseMaintenance.downgrade(settings)).extracting(AppliedChangeSet::id)
                .containsExactly("0106-product-columns-as-other-types", "0100-user-email");

        assertThat(catalog(twenty).differencesFrom(catalog(database))).as("release 2.0's schema").isEmpty();
        assertThat(values(rows)).as("every product's values, cast back").isEqualTo(products);
        try (PosDatabase db = PosDatabase.boot(settings)) {
            assertThat(db.applied()).isEmpty();
        }
    }

    /**
     * A flag 2.1 made an integer is one INTEGER to SQLite's affinity, but PostgreSQL turns an integer back into a
     * boolean only when told how: the recorded undo casts it back (USING), by PostgreSQL's own kinds of type.
     */
    @Test
    void aFlagA21MadeAnIntegerIsCastBackSoTheDowngradeReturnsTheServerTo20() throws Exception {
        String rows = "SELECT id || ':' || is_active::INTEGER || ':' || stock FROM product ORDER BY id";
        upgradedBy21(NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0106-product-flag-as-integer
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: >-
                              ALTER TABLE product ALTER COLUMN is_active DROP DEFAULT,
                              ALTER COLUMN is_active TYPE INTEGER USING is_active::INTEGER,
                              ALTER COLUMN is_active SET DEFAULT 1, ALTER COLUMN stock TYPE BIGINT
                """);
        PosDatabase.upgrade(PosDatabaseSettings.of(twenty).build());
        List<String> products = values(rows);
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertThat(PosDatabaseMaintenance.downgrade(settings)).extracting(AppliedChangeSet::id)
                .containsExactly("0106-product-flag-as-integer", "0100-user-email");

        assertThat(catalog(twenty).differencesFrom(catalog(database))).as("release 2.0's schema").isEmpty();
        assertThat(values(rows)).as("every product's values, cast back").isEqualTo(products);
    }

    @Test
    void aCheckA21ChangedIsRefusedByTheDowngradeNamingTheChangesetAndNothingIsUndone() throws Exception {
        upgradedBy21(NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0105-roles-widened
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: >-
                              ALTER TABLE "user" DROP CONSTRAINT "ck_user_role",
                              ADD CONSTRAINT "ck_user_role" CHECK ("role" IN ('admin', 'user', 'manager'))
                """);
        SchemaCatalog upgraded = catalog(database);
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertRefused(() -> PosDatabaseMaintenance.downgrade(settings), BootFailure.MIGRATION_FAILED,
                "0105-roles-widened");

        assertThat(upgraded.differencesFrom(catalog(database))).as("nothing undone (one transaction)").isEmpty();
        assertThat(PosDatabaseChecks.runs(settings)).as("refused from the record, before the run is recorded")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /**
     * A changeset whose recorded undo has a step of a kind this release does not know is refused from the record,
     * before the run is recorded, naming it, its file and the step; nothing is undone.
     */
    @Test
    void aDowngradeOfAChangesetWhoseRecordedUndoCannotRunIsRefusedBeforeTheRunIsRecorded() throws Exception {
        upgradedBy21(NewerRelease.BREAKING_ON_POSTGRES);
        try (Connection connection = database.open();
             PreparedStatement bad = connection.prepareStatement("UPDATE posdb_changeset SET undo = ? WHERE id = ?")) {
            bad.setString(1, "[{\"kind\":\"reindexEverything\",\"table\":\"product\"}]");
            bad.setString(2, "0101-fill-product-category");
            assertThat(bad.executeUpdate()).isEqualTo(1);
        }
        String changelogFile = values("SELECT filename FROM databasechangelog WHERE id = '0101-fill-product-category'").get(0);
        SchemaCatalog upgraded = catalog(database);
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertRefused(() -> PosDatabaseMaintenance.downgrade(settings), BootFailure.MIGRATION_FAILED,
                "changeset 0101-fill-product-category (" + changelogFile + ") has an undo step posdb "
                        + Release.current() + " does not know: reindexEverything");

        assertThat(upgraded.differencesFrom(catalog(database))).as("nothing undone").isEmpty();
        assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /**
     * A recorded undo that gives a table back from an archive data_migration_audit holds no record of (what the
     * recorder wrote, before, for a {@code renameTable} to the archive) is refused from the record, before the run is
     * recorded, naming the changeset and the table; nothing is undone. Before, the undo of the newer changeset ran,
     * the restore failed, and the transaction was rolled back, with a failed attempt recorded.
     */
    @Test
    void aTableToGiveBackWithoutARecordOfItsArchiveIsRefusedBeforeTheRunIsRecorded() throws Exception {
        upgradedBy21("""
                databaseChangeLog:
                  - changeSet:
                      id: 0100-rename-sale-items
                      author: test
                      labels: {newer}
                      changes:
                        - renameTable:
                            oldTableName: saleitem
                            newTableName: archived_saleitem
                """ + NewerRelease.COMPATIBLE.substring(NewerRelease.COMPATIBLE.indexOf("  - changeSet:")));
        try (Connection connection = database.open();
             PreparedStatement restore = connection.prepareStatement(
                     "UPDATE posdb_changeset SET undo = ? WHERE id = ?")) {
            restore.setString(1, "[{\"kind\":\"restoreTable\",\"table\":\"saleitem\"}]");
            restore.setString(2, "0100-rename-sale-items");
            assertThat(restore.executeUpdate()).isEqualTo(1);
        }
        String changelogFile = values("SELECT filename FROM databasechangelog WHERE id = '0100-rename-sale-items'")
                .get(0);
        SchemaCatalog upgraded = catalog(database);
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertRefused(() -> PosDatabaseMaintenance.downgrade(settings), BootFailure.MIGRATION_FAILED,
                "changeset 0100-rename-sale-items (" + changelogFile + ") archived table saleitem and "
                        + "data_migration_audit holds no record");

        assertThat(upgraded.differencesFrom(catalog(database))).as("nothing undone").isEmpty();
        assertThat(PosDatabaseChecks.runs(settings)).as("no record of an attempt")
                .noneMatch(run -> run.operation().equals(UpgradeRun.DOWNGRADE));
    }

    /** A step that fails as it runs: the message names the changeset being undone and its file; nothing is undone. */
    @Test
    void aDowngradeStepThatFailsIsNamedWithItsFileInTheFailureMessageAndNothingIsUndone() throws Exception {
        upgradedBy21(NewerRelease.BREAKING_ON_POSTGRES);
        try (Connection connection = database.open();
             PreparedStatement failing = connection.prepareStatement("UPDATE posdb_changeset SET undo = ? WHERE id = ?")) {
            failing.setString(1, "[{\"kind\":\"sql\",\"sql\":\"DROP TABLE no_such_table\"}]");
            failing.setString(2, "0101-fill-product-category");
            assertThat(failing.executeUpdate()).isEqualTo(1);
        }
        String changelogFile = values("SELECT filename FROM databasechangelog WHERE id = '0101-fill-product-category'").get(0);
        SchemaCatalog upgraded = catalog(database);
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        assertRefused(() -> PosDatabaseMaintenance.downgrade(settings), BootFailure.MIGRATION_FAILED,
                "the undo of changeset 0101-fill-product-category (" + changelogFile + ") failed: ");
        assertThatThrownBy(() -> PosDatabaseMaintenance.downgrade(settings)).as("the block's undone: line, --json's after")
                .satisfies(e -> assertThat(((PosDatabaseException) e).after()).isEqualTo(AfterFailure.ROLLED_BACK));

        assertThat(upgraded.differencesFrom(catalog(database))).as("nothing undone (one transaction)").isEmpty();
    }

    @Test
    void aDowngradeOnTheServerIsRecordedAsARunFromTheNewerReleaseWithEachChangesetUndone() throws Exception {
        upgradedBy21(NewerRelease.BREAKING_ON_POSTGRES);
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();
        String thisRelease = PosDatabaseChecks.runs(settings).stream()
                .filter(run -> run.operation().equals(UpgradeRun.UPGRADE)).map(UpgradeRun::releaseTo)
                .filter(release -> !release.equals(NewerRelease.release())).findFirst().orElseThrow();

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(settings);

        List<UpgradeRun> runs = PosDatabaseChecks.runs(settings);
        assertThat(runs).filteredOn(run -> run.operation().equals(UpgradeRun.DOWNGRADE)).singleElement()
                .satisfies(run -> {
                    assertThat(run.outcome()).isEqualTo(UpgradeRun.APPLIED);
                    assertThat(run.releaseFrom()).isEqualTo(NewerRelease.release());
                    assertThat(run.releaseTo()).isEqualTo(thisRelease);
                    assertThat(run.finishedAt()).isNotNull();
                    assertThat(run.pid()).isEqualTo(ProcessHandle.current().pid());
                    assertThat(run.steps()).extracting(UpgradeStep::changesetId)
                            .isEqualTo(undone.stream().map(AppliedChangeSet::id).toList());
                    assertThat(run.steps()).allSatisfy(step -> {
                        assertThat(step.outcome()).isEqualTo("UNDONE");
                        assertThat(step.durationMs()).isNotNull().isNotNegative();
                    });
                });
        assertThat(PosDatabaseMaintenance.downgrade(settings)).as("nothing left to undo").isEmpty();
        assertThat(PosDatabaseChecks.runs(settings)).as("a downgrade with nothing to undo writes nothing")
                .isEqualTo(runs);
    }

    /**
     * A table only 2.1 knew that holds rows is archived constraining nothing: its foreign key to sale, unique and
     * CHECK constraints go, its rows and columns stay, so release 2.0 deletes a sale the archive names (before, the
     * renamed table kept its key and the delete failed on it).
     */
    @Test
    void aTableOnly21KnewIsArchivedWithoutItsForeignKeySoRelease20DeletesTheSalesItNames() throws Exception {
        upgradedBy21(NewerRelease.COMPATIBLE + """
                  - changeSet:
                      id: 0101-add-payment
                      author: test
                      labels: {newer}
                      changes:
                        - sql:
                            sql: CREATE TABLE payment (id SERIAL PRIMARY KEY, amount VARCHAR(40) NOT NULL CHECK (amount <> ''), method VARCHAR(4) NOT NULL, sale_id BIGINT NOT NULL UNIQUE REFERENCES sale)
                """);
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id) "
                    + "SELECT 'R-21-' || id, '3.50', 'cash', id FROM \"user\"");
            statement.execute("INSERT INTO payment (sale_id, method, amount) SELECT id, 'cash', total FROM sale");
        }
        List<String> payments = values("SELECT id || ':' || amount || ':' || method || ':' || sale_id FROM payment "
                + "ORDER BY id");
        PosDatabaseSettings settings = PosDatabaseSettings.of(database).build();

        PosDatabaseMaintenance.downgrade(settings);

        assertThat(values("SELECT id || ':' || amount || ':' || method || ':' || sale_id FROM archived_payment "
                + "ORDER BY id")).as("every row and column archived").isEqualTo(payments);
        assertThat(values("SELECT contype::text || ' ' || conname FROM pg_constraint WHERE conrelid = "
                + "'archived_payment'::regclass OR confrelid = 'archived_payment'::regclass UNION ALL "
                + "SELECT 'index ' || indexrelid::regclass FROM pg_index WHERE indrelid = 'archived_payment'::regclass"))
                .as("no constraint or index on the archive").isEmpty();
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("DELETE FROM sale WHERE id = (SELECT min(sale_id) FROM archived_payment)"))
                    .as("release 2.0 deletes a sale the archive names").isOne();
        }
        assertThat(values("SELECT id || ':' || amount || ':' || method || ':' || sale_id FROM archived_payment "
                + "ORDER BY id")).as("the archive untouched").isEqualTo(payments);
    }

    /**
     * A table 2.1 archived whole (its SaleItem entity removed: ArchiveTable) comes back with the downgrade as it was:
     * its keys, a shop's own index, another table's foreign key to it, every row; not the archive archived again.
     * Before, the downgrade was refused: the undo recorded for it was a rebuild of table saleitem, which PostgreSQL
     * keeps no definition of to replay.
     */
    @Test
    void aTable21ArchivedWholeComesBackWithItsRowsAndKeysSoTheDowngradeReturnsTheServerTo20() throws Exception {
        saleItemsWithAnIndexAndATableReferringToThem();
        SchemaCatalog before = catalog(database);
        List<String> items = values("SELECT id || ':' || quantity || ':' || unit_price || ':' || product_id || ':' "
                + "|| sale_id FROM saleitem ORDER BY id");
        Path master = NewerRelease.changelog(dir.resolve("changelog-2.1"), """
                databaseChangeLog:
                  - changeSet:
                      id: 0100-retire-sale-items
                      author: test
                      labels: {newer}
                      changes:
                        - customChange:
                            class: io.posdb.migration.ArchiveTable
                            tableName: saleitem
                """);
        PosDatabase.upgrade(PosDatabaseSettings.of(database).changelog(ChangelogSource.file(master)).build());
        assertThat(values("SELECT COUNT(*) FROM archived_saleitem")).containsExactly(String.valueOf(items.size()));

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(PosDatabaseSettings.of(database).build());

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("0100-retire-sale-items");
        assertThat(values("SELECT id || ':' || quantity || ':' || unit_price || ':' || product_id || ':' || sale_id "
                + "FROM saleitem ORDER BY id")).as("every row back").isEqualTo(items);
        assertThat(values("SELECT tablename FROM pg_tables WHERE tablename LIKE 'archived%'")).isEmpty();
        assertThat(before.differencesFrom(catalog(database))).as("the schema before 2.1").isEmpty();
    }

    /**
     * The same table renamed into its archive by 2.1, as the generator wrote a removed entity's changeset before
     * {@code ArchiveTable} ({@code renameTable}, which records nothing in data_migration_audit): the downgrade renames
     * it back, with its rows, keys and the foreign key to it, as its own rollback would. Before, its recorded undo
     * was {@code restoreTable}, which found no record of the table's definition and failed.
     */
    @Test
    void aTable21RenamedToItsArchiveIsRenamedBackSoTheDowngradeReturnsTheServerTo20() throws Exception {
        saleItemsWithAnIndexAndATableReferringToThem();
        SchemaCatalog before = catalog(database);
        List<String> items = values("SELECT id || ':' || quantity || ':' || unit_price || ':' || product_id || ':' "
                + "|| sale_id FROM saleitem ORDER BY id");
        Path master = NewerRelease.changelog(dir.resolve("changelog-2.1"), """
                databaseChangeLog:
                  - changeSet:
                      id: 0100-rename-sale-items
                      author: test
                      labels: {newer}
                      changes:
                        - renameTable:
                            oldTableName: saleitem
                            newTableName: archived_saleitem
                """);
        PosDatabase.upgrade(PosDatabaseSettings.of(database).changelog(ChangelogSource.file(master)).build());
        assertThat(values("SELECT COUNT(*) FROM archived_saleitem")).containsExactly(String.valueOf(items.size()));

        List<AppliedChangeSet> undone = PosDatabaseMaintenance.downgrade(PosDatabaseSettings.of(database).build());

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("0100-rename-sale-items");
        assertThat(values("SELECT id || ':' || quantity || ':' || unit_price || ':' || product_id || ':' || sale_id "
                + "FROM saleitem ORDER BY id")).as("every row back").isEqualTo(items);
        assertThat(values("SELECT tablename FROM pg_tables WHERE tablename LIKE 'archived%'")).isEmpty();
        assertThat(before.differencesFrom(catalog(database))).as("the schema before 2.1").isEmpty();
    }

    /** Release 2.0 with sale items, a shop's own index on them and a table of its own referring to them. */
    private void saleItemsWithAnIndexAndATableReferringToThem() throws Exception {
        PosDatabase.upgrade(PosDatabaseSettings.of(database).build());
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO \"user\" (username, name, pin_hash, role) VALUES ('ann', 'Ann', 'x', 'admin')");
            statement.execute("INSERT INTO product (sku, name, price) VALUES ('S1', 'Water', '1.00')");
            statement.execute("INSERT INTO sale (receipt_no, total, payment_method, cashier_id) "
                    + "SELECT 'R-20-1', '2.00', 'cash', id FROM \"user\"");
            statement.execute("INSERT INTO saleitem (quantity, unit_price, product_id, sale_id) "
                    + "SELECT 2, '1.00', product.id, sale.id FROM product, sale");
            statement.execute("CREATE INDEX ix_saleitem_sale ON saleitem (sale_id)");
            statement.execute("CREATE TABLE saleitem_note (item_id BIGINT NOT NULL REFERENCES saleitem (id))");
            statement.execute("INSERT INTO saleitem_note SELECT id FROM saleitem");
        }
    }

    /** Release 2.0, a category, two products (one without a category) and two users, then "release 2.1". */
    private void upgradedBy21(String changes) throws Exception {
        PosDatabase.upgrade(PosDatabaseSettings.of(database).build());
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO category (name) VALUES ('Drinks')");
            // Every product categorised, as release 2.0 may: 2.1's unaudited fill then changes no row, so a downgrade
            // can undo it (one that changed rows is refused: DowngradeOfDataChangesTest).
            statement.execute("INSERT INTO product (sku, name, price, category_id) VALUES "
                    + "('S1', 'Water', '1.00', (SELECT min(id) FROM category)), "
                    + "('S2', 'Bread', '2.00', (SELECT min(id) FROM category))");
            statement.execute("INSERT INTO \"user\" (username, name, pin_hash, role) VALUES "
                    + "('ann', 'Ann', 'x', 'admin'), ('bob', 'Bob', 'y', 'user')");
        }
        Path master = NewerRelease.changelog(dir.resolve("changelog-2.1"), changes);
        PosDatabase.upgrade(PosDatabaseSettings.of(database).changelog(ChangelogSource.file(master)).build());
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE \"user\" SET test_email = username || '@shop.example'");
        }
    }

    private SchemaCatalog catalog(PostgresDatabase of) throws Exception {
        try (Connection connection = of.open()) {
            return SchemaCatalog.read(connection);
        }
    }

    private List<String> values(String sql) throws Exception {
        return values(database, sql);
    }

    private static List<String> values(PostgresDatabase of, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = of.open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
