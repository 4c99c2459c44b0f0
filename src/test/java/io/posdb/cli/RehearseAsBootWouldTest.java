package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.PendingChangeSet;
import io.posdb.failure.BootFailure;
import io.posdb.report.RehearsalReport;
import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code posdb rehearse} tells what the boot would do: it claims no snapshot is kept (its copy, snapshot and
 * all, is deleted), it runs boot's drift check on the upgraded copy and reports the differences, and with
 * {@code --strict-schema} (the library's strict schema setting) it fails with boot's exit 12 where
 * {@code boot --strict-schema} would refuse; the shop's files stay byte for byte as they were.
 */
@ExtendWith(QuietLogs.class) // the drift provoked on purpose is logged at WARN
class RehearseAsBootWouldTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW_NOT_OWNED = "view daily is not in the changelog";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRehearsalClaimsNoKeptSnapshotAndReportsNoDriftOnACleanShop(JournalMode mode) throws Exception {
        Path file = shop(mode, false);
        Map<String, String> before = Bytes.folder(file.getParent());

        PosdbProcess.Result result;
        List<String> messages;
        try (CapturedLogs logs = new CapturedLogs()) {
            result = PosdbInProcess.run("rehearse", "--db", file.toString(), "--strict-schema");
            messages = logs.messages();
        }

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(messages).as("the log goes on to the upgrade's end").contains("All migrations completed successfully")
                .noneMatch(m -> m.contains("is kept in"))
                .anyMatch(m -> m.startsWith("Rehearsing the upgrade of " + file) && m.contains("removed afterwards"));
        assertThat(result.stdout()).contains("Schema drift: none", "Schema validation: passed");
        assertThat(Bytes.folder(file.getParent())).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aRehearsalReportsTheUpgradedCopysDriftAndFailsWithBootsExitCodeWhenStrict(JournalMode mode) throws Exception {
        Path file = shop(mode, true);
        Map<String, String> before = Bytes.folder(file.getParent());

        PosdbProcess.Result lenient = PosdbInProcess.run("rehearse", "--db", file.toString(), "--json");
        PosdbProcess.Result strict = PosdbInProcess.run("rehearse", "--db", file.toString(), "--strict-schema",
                "--json");
        PosdbProcess.Result text = PosdbInProcess.run("rehearse", "--db", file.toString());

        assertThat(lenient.exitCode()).as("without strict schema drift is a WARN at boot: " + lenient.stderr())
                .isZero();
        JsonNode report = JSON.readTree(lenient.stdout());
        assertThat(report.get("ok").asBoolean()).isTrue();
        assertThat(report.get("drift")).extracting(JsonNode::asText).containsExactly(VIEW_NOT_OWNED);
        assertThat(text.stdout()).contains("Schema drift: 1 difference(s)", VIEW_NOT_OWNED);

        assertThat(strict.exitCode()).as(strict.stderr()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        JsonNode refused = JSON.readTree(strict.stdout());
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("upgraded").asBoolean()).isTrue();
        assertThat(refused.get("drift")).extracting(JsonNode::asText).containsExactly(VIEW_NOT_OWNED);
        assertThat(refused.get("exit_code").asInt()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(strict.stderr()).contains("posdb rehearse: Schema drift on the upgraded copy", VIEW_NOT_OWNED);

        assertThat(Bytes.folder(file.getParent())).as("the shop's files untouched").isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theLibrarysRehearsalWithStrictSchemaFailsOnDriftAsBootWould(JournalMode mode) throws Exception {
        Path file = shop(mode, true);
        Path copy = WalFiles.copyWithWal(file, Files.createTempDirectory(dir, "plan").resolve("copy.db"));
        List<String> pending = PosDatabaseChecks.plan(PosDatabaseSettings.sqlite(copy).build()).pending().stream()
                .map(PendingChangeSet::id).toList();

        RehearsalReport lenient = PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file).build());
        RehearsalReport strict = PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file)
                .strictSchema(true).build());

        assertThat(lenient.passed()).isTrue();
        assertThat(lenient.drift()).containsExactly(VIEW_NOT_OWNED);
        assertThat(strict.passed()).isFalse();
        assertThat(strict.driftRefused()).isTrue();
        assertThat(strict.upgraded()).isTrue();
        assertThat(strict.applied()).extracting(a -> a.id()).isEqualTo(pending);
        assertThat(strict.error()).contains(VIEW_NOT_OWNED, "strict schema");
    }

    /**
     * The application's Hibernate properties reach the rehearsal's validation as they reach boot's: a naming
     * strategy that puts the entities in tables the schema does not have makes the boot fail with INVALID_SCHEMA,
     * so the rehearsal must not report that it would pass.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theLibrarysRehearsalValidatesWithTheApplicationsHibernatePropertiesAsBootWould(JournalMode mode)
            throws Exception {
        Path file = shop(mode, false);
        Map<String, String> before = Bytes.folder(file.getParent());
        PosDatabaseSettings settings = PosDatabaseSettings.sqlite(file)
                .hibernateProperty("hibernate.physical_naming_strategy", TablesPrefixed.class.getName()).build();

        RehearsalReport report = PosDatabaseMaintenance.rehearse(settings);

        assertThat(report.upgraded()).isTrue();
        assertThat(report.passed()).as("boot validates with the naming strategy and is refused").isFalse();
        assertThat(report.error()).startsWith("Schema validation failed").contains("shop_");
        assertThat(Bytes.folder(file.getParent())).as("the shop's files untouched").isEqualTo(before);
        assertThat(PosDatabaseMaintenance.rehearse(PosDatabaseSettings.sqlite(file).build()).passed())
                .as("without the property the same shop rehearses clean").isTrue();
    }

    /** An application's naming strategy that the schema does not follow: every table is looked for as shop_*. */
    public static final class TablesPrefixed extends PhysicalNamingStrategyStandardImpl {
        @Override
        public Identifier toPhysicalTableName(Identifier name, JdbcEnvironment environment) {
            return Identifier.toIdentifier("shop_" + name.getText());
        }
    }

    /** The legacy shop, with a hand-made view when asked; in WAL mode with sales committed only to its -wal. */
    private Path shop(JournalMode mode, boolean withView) throws Exception {
        Path file = WalFiles.shop(Files.createDirectories(dir.resolve("shop")).resolve("pos.db"), mode);
        if (withView) {
            try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
                statement.execute(UnmappedObjects.REPORTING_VIEW);
            }
        }
        return mode == JournalMode.WAL ? WalFiles.commitToWalOnly(file, 3) : file;
    }
}
