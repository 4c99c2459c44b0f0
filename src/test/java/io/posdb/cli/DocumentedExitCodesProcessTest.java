package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.failure.BootFailure;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.DatabaseContents;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes 1, 4 and 5 of the README's table, each produced by a real {@code posdb}
 * process, and the short block a failing changeset prints without --verbose. (2, 6, 7, 9:
 * BadInputProcessTest and UnwritablePlacesTest; 3: PosdbCommandTest; 8: ConcurrentAndKilledBootsTest.)
 */
@Tag("process")
class DocumentedExitCodesProcessTest {

    private static final String FAILING = """
            databaseChangeLog:
              - logicalFilePath: changelog/changes/0099-add-loyalty.yaml
              - changeSet:
                  id: 0099-add-loyalty
                  author: posdb
                  changes:
                    - sql:
                        sql: INSERT INTO loyalty_points (user_id) VALUES (1)
            """;

    @TempDir
    Path dir;

    @Test
    void aFailingChangeSetExitsOneWithAShortBlockNamingItAndTheDatabaseIsRestored() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Map<String, List<String>> rows = DatabaseContents.allRows(file);
        Map<String, String> schema = DatabaseContents.schema(file);
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0099-add-loyalty.yaml", FAILING);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString(),
                "--changelog", changelog.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        List<String> block = result.stderr().lines().dropWhile(l -> !l.startsWith("posdb boot: ")).toList();
        assertThat(block).as(result.stderr()).hasSizeBetween(3, 6);
        assertThat(block.get(0)).contains("0099-add-loyalty");
        assertThat(String.join("\n", block)).contains("no such table: loyalty_points", "restored", "--verbose");
        assertThat(result.stderr()).as("no class names, no stack trace without --verbose")
                .doesNotContain("liquibase.exception").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(DatabaseContents.allRows(file)).as("every row restored, history and audit too").isEqualTo(rows);
        assertThat(DatabaseContents.schema(file)).as("the schema restored").isEqualTo(schema);
    }

    @Test
    void withVerboseTheFullErrorAndStackTraceAreShown() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));
        Path changelog = Changelogs.withExtraChangeSet(dir.resolve("changelog"), "0099-add-loyalty.yaml", FAILING);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--verbose", "--db", file.toString(),
                "--changelog", changelog.toString());

        assertThat(result.exitCode()).isEqualTo(BootFailure.MIGRATION_FAILED.exitCode());
        assertThat(result.stderr()).contains("liquibase.exception").contains("\tat ");
    }

    @Test
    void aSchemaThatDisagreesWithTheEntitiesExitsOne() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbProcess.run(dir, "boot", "--db", file.toString()).exitCode()).isZero();
        execute(file, "ALTER TABLE product DROP COLUMN stock");

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.INVALID_SCHEMA.exitCode());
        assertThat(result.stderr()).contains("stock").contains("product");
    }

    @Test
    void aDatabaseWrittenByANewerReleaseExitsFour() throws Exception {
        Path file = dir.resolve("pos.db");
        assertThat(PosdbProcess.run(dir, "boot", "--db", file.toString()).exitCode()).isZero();
        execute(file, "INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, "
                + "MD5SUM, LABELS) VALUES ('0042-loyalty-points', 'posdb', 'changelog/changes/0042-loyalty-points.yaml', "
                + "'2027-01-01 08:00:00', 99, 'EXECUTED', '9:abc', 'release-3.0')");
        String before = Bytes.sha256(file);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.NEWER_DATABASE.exitCode());
        assertThat(result.stderr()).contains("0042-loyalty-points").contains("release-3.0");
        assertThat(Bytes.sha256(file)).isEqualTo(before);
    }

    @Test
    void anAppliedChangeSetEditedAfterwardsExitsFiveNamingItsIdAndFile() throws Exception {
        Path file = dir.resolve("pos.db");
        Path changelog = Changelogs.copyOfProjectChangelog(dir.resolve("changelog"));
        assertThat(PosdbProcess.run(dir, "boot", "--db", file.toString(), "--changelog", changelog.toString())
                .exitCode()).isZero();
        Path audit = changelog.resolveSibling("changes").resolve("0007-data-migration-audit.yaml");
        Files.writeString(audit, Files.readString(audit).replace("\"note\" TEXT,", "\"note\" VARCHAR(500),"));
        String before = Bytes.sha256(file);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString(),
                "--changelog", changelog.toString());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(BootFailure.CHECKSUM_MISMATCH.exitCode());
        assertThat(result.stderr()).contains("0007-data-migration-audit").contains("0007-data-migration-audit.yaml");
        assertThat(Bytes.sha256(file)).isEqualTo(before);
    }

    private static void execute(Path file, String sql) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
