package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes 1, 4 and 5 of the README's table, each from the command line in this JVM (the
 * same command line and exit-code mapping as a process: DocumentedExitCodesProcessTest proves the
 * process's), and what --verbose adds to a failing changeset's short block. (2, 6, 7, 9: BadInputTest;
 * 3: PosdbCommandTest; 8: ConcurrentAndKilledBootsTest; every code: ExitCodeTableTest.)
 */
@ExtendWith(QuietLogs.class)
class DocumentedExitCodesTest {

    @TempDir
    Path dir;

    @Test
    void withVerboseTheFullErrorAndItsStackTraceAreLogged() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Path changelog = Changelogs.withFailingChangeSet(dir.resolve("changelog"));
        PosdbProcess.Result result;
        ILoggingEvent failed;
        // --verbose turns the libraries' logging up for this JVM: their lines are captured, then turned down again.
        try (CapturedLogs posdb = new CapturedLogs(); CapturedLogs liquibase = new CapturedLogs("liquibase");
             CapturedLogs hibernate = new CapturedLogs("org.hibernate");
             CapturedLogs hikari = new CapturedLogs("com.zaxxer.hikari")) {
            result = PosdbInProcess.run("boot", "--verbose", "--db", file.toString(), "--changelog",
                    changelog.toString());
            failed = posdb.events().stream().filter(e -> e.getFormattedMessage().equals("posdb boot failed"))
                    .findFirst().orElseThrow(() -> new AssertionError("no 'posdb boot failed' in " + posdb.messages()));
        } finally {
            LogLevels.configure(false);
        }

        assertThat(result.exitCode()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        StringBuilder chain = new StringBuilder();
        for (IThrowableProxy cause = failed.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            chain.append(cause.getClassName()).append(": ").append(cause.getMessage()).append('\n');
            assertThat(cause.getStackTraceElementProxyArray()).as("%s has its stack trace", cause.getClassName())
                    .isNotEmpty();
        }
        assertThat(chain.toString()).contains("liquibase.exception").contains("no such table: loyalty_points");
    }

    @Test
    void aSchemaThatDisagreesWithTheEntitiesExitsOne() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        execute(file, "ALTER TABLE product DROP COLUMN stock");

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.INVALID_SCHEMA.exitCode());
        assertThat(result.stderr()).contains("stock").contains("product");
    }

    @Test
    void aDatabaseWrittenByANewerReleaseExitsFour() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbInProcess.run("boot", "--db", file.toString()).exitCode()).isZero();
        execute(file, "INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, "
                + "MD5SUM, LABELS) VALUES ('0042-loyalty-points', 'posdb', 'changelog/changes/0042-loyalty-points.yaml', "
                + "'2027-01-01 08:00:00', 99, 'EXECUTED', '9:abc', 'release-3.0')");
        String before = Bytes.digest(file);

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(result.stderr()).contains("0042-loyalty-points").contains("release-3.0");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    @Test
    void anAppliedChangeSetEditedAfterwardsExitsFiveNamingItsIdAndFile() throws Exception {
        Path file = dir.resolve("pos.db");
        Path changelog = Changelogs.copyOfProjectChangelog(dir.resolve("changelog"));
        assertThat(PosdbInProcess.run("boot", "--db", file.toString(), "--changelog", changelog.toString())
                .exitCode()).isZero();
        Path audit = changelog.resolveSibling("changes").resolve("0007-data-migration-audit.yaml");
        Files.writeString(audit, Files.readString(audit).replace("\"note\" TEXT,", "\"note\" VARCHAR(500),"));
        String before = Bytes.digest(file);

        PosdbProcess.Result result = PosdbInProcess.run("boot", "--db", file.toString(), "--changelog",
                changelog.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.CHECKSUM_MISMATCH.exitCode());
        assertThat(result.stderr()).contains("0007-data-migration-audit").contains("0007-data-migration-audit.yaml");
        assertThat(Bytes.digest(file)).isEqualTo(before);
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
