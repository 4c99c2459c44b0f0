package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.PostgresDatabase;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.FreshPostgresDatabase;
import io.posdb.testsupport.QuietLogs;
import io.posdb.upgrade.DatabaseBoot;
import io.posdb.api.PosDatabaseSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The boot check's shortcut on a real PostgreSQL server: after a clean full comparison the
 * server holds the verified fingerprint, and a boot with nothing pending builds no scratch
 * database (ScratchSchema logs each one it builds). Hand changes after a verified boot:
 * PostgresDriftTest.
 */
@Tag("postgres")
@ExtendWith(QuietLogs.class)
class PostgresVerifiedSchemaTest {

    private static final String SCRATCH_BUILT = "Drift check: building the expected schema";

    @RegisterExtension
    final FreshPostgresDatabase fresh = new FreshPostgresDatabase();

    private PostgresDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = fresh.database();
    }

    @Test
    void secondBootWithNothingPendingBuildsNoScratchDatabase() throws Exception {
        try (CapturedLogs first = new CapturedLogs()) {
            boot(PosDatabaseSettings.of(database).build());
            assertThat(first.messages()).anyMatch(m -> m.startsWith(SCRATCH_BUILT))
                    .anyMatch(m -> m.startsWith("Recorded on " + database.description()));
        }
        assertThat(verifiedComment()).startsWith("posdb verified: no schema drift");

        try (CapturedLogs second = new CapturedLogs()) {
            boot(PosDatabaseSettings.of(database).build());
            boot(PosDatabaseSettings.of(database).strictSchema(true).build());
            assertThat(second.messages()).contains("No pending migrations detected", "Application ready")
                    .noneMatch(m -> m.startsWith(SCRATCH_BUILT));
        }
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot().fingerprintMatched()).isTrue();
    }

    @Test
    void posdbDriftAlwaysComparesInFull() throws Exception {
        boot(PosDatabaseSettings.of(database).build());

        try (CapturedLogs logs = new CapturedLogs()) {
            DriftReport report = new DriftCheck(database, ChangelogSource.packaged()).check();
            assertThat(report.differences()).isEmpty();
            assertThat(report.fingerprintMatched()).isFalse();
            assertThat(logs.messages()).anyMatch(m -> m.startsWith(SCRATCH_BUILT));
        }
    }

    @Test
    void rolledBackChangeSetsAreComparedInFullThenBootAgainWithoutFalseDrift() throws Exception {
        boot(PosDatabaseSettings.of(database).build());
        String verifiedAtRelease = verifiedComment();
        new LiquibaseMigrations(database, ChangelogSource.packaged())
                .rollbackCount(2); // 0011's tag and 0010's role CHECK

        try (CapturedLogs logs = new CapturedLogs()) {
            DriftReport rolledBack = new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot();
            assertThat(rolledBack.fingerprintMatched()).as("the record of the other changesets is not used").isFalse();
            assertThat(rolledBack.differences()).isEmpty();
            assertThat(logs.messages()).anyMatch(m -> m.startsWith(SCRATCH_BUILT + " (9 changesets)"));
        }
        assertThat(verifiedComment()).isNotEqualTo(verifiedAtRelease);

        try (CapturedLogs logs = new CapturedLogs()) {
            boot(PosDatabaseSettings.of(database).strictSchema(true).build()); // applies 0010 and 0011 again
            assertThat(logs.messages()).anyMatch(m -> m.startsWith(SCRATCH_BUILT + " (11 changesets)"))
                    .noneMatch(m -> m.startsWith("Schema drift on"));
        }
        assertThat(verifiedComment()).isEqualTo(verifiedAtRelease);
    }

    @Test
    void aRecordThatCannotBeWrittenOnlyMeansTheNextBootComparesInFull() throws Exception {
        new LiquibaseMigrations(database, ChangelogSource.packaged())
                .update(); // applied, never compared: nothing recorded yet
        try (Connection other = database.open(); Statement statement = other.createStatement();
             CapturedLogs logs = new CapturedLogs()) {
            other.setAutoCommit(false);
            // Another session holding the lock COMMENT needs, past the record's two-second lock timeout.
            statement.execute("LOCK TABLE databasechangelog IN SHARE UPDATE EXCLUSIVE MODE");
            boot(PosDatabaseSettings.of(database).strictSchema(true).build());
            other.rollback();
            assertThat(logs.messages()).anyMatch(m -> m.startsWith("Could not record on " + database.description()))
                    .contains("Application ready");
        }
        assertThat(verifiedComment()).isNull();
        assertThat(new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot().fingerprintMatched()).isFalse();
    }

    @Test
    void twoTillsBootingAtOnceBothStartAndLeaveOneValidRecord() throws Exception {
        new LiquibaseMigrations(database, ChangelogSource.packaged()).update();
        Callable<Void> till = () -> {
            boot(PosDatabaseSettings.of(database).strictSchema(true).build());
            return null;
        };
        ExecutorService tills = Executors.newFixedThreadPool(2);
        try {
            for (Future<Void> booted : tills.invokeAll(List.of(till, till))) {
                booted.get();
            }
        } finally {
            tills.shutdown();
        }

        assertThat(new DriftCheck(database, ChangelogSource.packaged()).checkAtBoot().fingerprintMatched()).isTrue();
    }

    private void boot(PosDatabaseSettings settings) throws Exception {
        new DatabaseBoot(database, settings).boot().close();
    }

    private String verifiedComment() throws Exception {
        try (Connection connection = database.open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT obj_description('databasechangelog'::regclass, 'pg_class')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
