package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.database.SqliteDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.report.DriftDifference;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import io.posdb.testsupport.WalFiles.JournalMode;
import io.posdb.testsupport.WalFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code posdb doctor --json} gives the schema's differences as {@code posdb drift --json} does, one object each
 * (DriftDifference), not only in its evidence's words: a program reading the doctor's report (or the
 * support bundle's copy of it) reads drift as it reads drift's own output.
 */
@ExtendWith(QuietLogs.class)
class DoctorJsonDriftTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A hand-made index on a table the changelog owns: not in the changelog, as the hand-made view. */
    private static final String HAND_MADE_INDEX = "CREATE INDEX idx_product_name_by_hand ON product (name)";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void doctorJsonGivesTheDriftAndUnownedDifferencesAsTheObjectsDriftJsonGives(JournalMode mode) throws Exception {
        Path file = WalFiles.shop(dir.resolve("pos.db"), mode);
        PosdbProcess.Result update = PosdbInProcess.run("update", "--db", file.toString());
        assertThat(update.exitCode()).as(update.stderr()).isZero();
        try (Connection connection = SqliteDatabase.at(file).open(); Statement statement = connection.createStatement()) {
            statement.execute(UnmappedObjects.REPORTING_VIEW);
            statement.execute(HAND_MADE_INDEX);
            HandChange.COLUMN_DEFAULT_CHANGED.onSqlite(connection);
        }
        assertThat(WalFiles.journalMode(file)).isEqualTo(mode.name().toLowerCase(Locale.ROOT));
        Path bundle = dir.resolve("support.zip");

        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--json", "--db", file.toString());
        PosdbProcess.Result doctor = PosdbInProcess.run("doctor", "--json", "--db", file.toString(),
                "--bundle", bundle.toString());

        assertThat(drift.exitCode()).as(drift.stderr()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(doctor.exitCode()).as(doctor.stderr()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        List<JsonNode> driftSays = elements(JSON.readTree(drift.stdout()).get("differences"));
        Predicate<JsonNode> unexpected = d -> d.get("what").asText().equals("unexpected");
        List<JsonNode> changedOrMissing = driftSays.stream().filter(unexpected.negate()).toList();
        List<JsonNode> notInTheChangelog = driftSays.stream().filter(unexpected).toList();
        assertThat(changedOrMissing).extracting(d -> d.get("text").asText())
                .contains(HandChange.COLUMN_DEFAULT_CHANGED.difference);
        assertThat(notInTheChangelog).extracting(d -> d.get("object").asText())
                .contains("view daily", "index idx_product_name_by_hand");
        JsonNode report = JSON.readTree(doctor.stdout());
        // drift's differences, split as the doctor's evidence splits them, in drift's order and with every field
        assertThat(elements(check(report, "drift").get("differences"))).isEqualTo(changedOrMissing);
        assertThat(elements(check(report, "unowned objects").get("differences"))).isEqualTo(notInTheChangelog);
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            JsonNode bundled = JSON.readTree(new String(zip.getInputStream(zip.getEntry("doctor.json")).readAllBytes(),
                    StandardCharsets.UTF_8));
            assertThat(bundled.get("checks")).as("the bundle's doctor.json").isEqualTo(report.get("checks"));
        }
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode check : report.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + report.toPrettyString());
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        if (array != null) {
            array.forEach(elements::add);
        }
        return elements;
    }
}
