package io.posdb.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.api.PosDatabaseChecks;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.BootFailure;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.PosdbInProcess;
import io.posdb.testsupport.PosdbProcess;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A legacy shop (no Liquibase history yet) with an object made by hand: the doctor and drift name it before the
 * first boot, compared with what the baseline changesets that adopt the shop produce, as they name it once the shop
 * is adopted; and they say what a boot then does with it (a strict one refuses it, exit 12; a plain one keeps it).
 */
@ExtendWith(QuietLogs.class)
class UnownedObjectsOfALegacyShopTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Objects people make by hand on a till's file, with the label drift and the doctor give them. */
    enum HandMade {
        VIEW("CREATE VIEW cheap_products AS SELECT * FROM product WHERE price < 1", "view cheap_products"),
        TABLE_WITHOUT_DECLARED_TYPES(UnmappedObjects.UNTYPED_TABLE, "table notes");

        final String sql;
        final String label;

        HandMade(String sql, String label) {
            this.sql = sql;
            this.label = label;
        }

        /** The sentence drift says of it: not in the changelog. */
        String difference() {
            return label + " is not in the changelog";
        }
    }

    static Stream<Arguments> handMadeObjectsInBothJournalModes() {
        return Arrays.stream(HandMade.values()).flatMap(object -> Arrays.stream(JournalMode.values())
                .map(mode -> Arguments.of(object, mode)));
    }

    @ParameterizedTest
    @MethodSource("handMadeObjectsInBothJournalModes")
    void doctorAndDriftNameAHandMadeObjectOfALegacyShopAndSayAStrictBootRefusesIt(HandMade object, JournalMode mode)
            throws Exception {
        Path file = legacyShop(mode, object.sql);

        JsonNode unowned = doctorCheck(file, "unowned objects");
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--db", file.toString());
        JsonNode driftJson = JSON.readTree(PosdbInProcess.run("drift", "--json", "--db", file.toString()).stdout());

        assertThat(unowned.get("verdict").asText()).isEqualTo("WARN");
        assertThat(unowned.get("evidence").asText()).contains(object.label, "boot --strict-schema",
                "exit " + BootFailure.SCHEMA_DRIFT.exitCode(), "a plain boot keeps them");
        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(drift.stdout()).contains("  " + object.difference(), "boot --strict-schema",
                "exit " + BootFailure.SCHEMA_DRIFT.exitCode(), "a plain boot keeps them");
        assertThat(texts(driftJson.get("differences"))).containsExactly(object.difference());
        assertThat(driftJson.get("drift").asBoolean()).isTrue();
    }

    /** What the doctor and drift say before the first boot is what the boots then do, and what drift says after. */
    @ParameterizedTest
    @MethodSource("handMadeObjectsInBothJournalModes")
    void driftBeforeAdoptionAnswersAsDriftAfterItAndAStrictBootRefusesWhatItNames(HandMade object, JournalMode mode)
            throws Exception {
        Path file = legacyShop(mode, object.sql);
        PosdbProcess.Result before = PosdbInProcess.run("drift", "--json", "--db", file.toString());

        PosdbProcess.Result strict = PosdbInProcess.run("boot", "--strict-schema", "--db", file.toString());
        PosdbProcess.Result plain = PosdbInProcess.run("boot", "--db", file.toString());
        PosdbProcess.Result after = PosdbInProcess.run("drift", "--json", "--db", file.toString());

        assertThat(strict.exitCode()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(strict.stderr()).contains(object.difference());
        assertThat(plain.exitCode()).as(plain.stderr()).isZero();
        assertThat(before.exitCode()).isEqualTo(after.exitCode()).isEqualTo(BootFailure.SCHEMA_DRIFT.exitCode());
        assertThat(texts(JSON.readTree(before.stdout()).get("differences")))
                .isEqualTo(texts(JSON.readTree(after.stdout()).get("differences")));
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aLegacyShopWithoutHandMadeObjectsHasNoneUnowned(JournalMode mode) throws Exception {
        Path file = legacyShop(mode);

        JsonNode unowned = doctorCheck(file, "unowned objects");
        PosdbProcess.Result drift = PosdbInProcess.run("drift", "--json", "--db", file.toString());

        assertThat(unowned.get("verdict").asText()).as(unowned.toString()).isEqualTo("OK");
        assertThat(drift.exitCode()).as(drift.stdout() + drift.stderr()).isZero();
        assertThat(JSON.readTree(drift.stdout()).get("differences")).isEmpty();
    }

    /**
     * The library's drift report (boot's check, reported) on a legacy shop: its tables are what adopting it makes,
     * not objects the changelog does not own; a hand-made object is.
     */
    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void theLibrarysDriftReportOfALegacyShopNamesOnlyTheHandMadeObject(JournalMode mode) throws Exception {
        Path plain = legacyShop(mode);
        List<String> ofThePlainShop = PosDatabaseChecks.drift(PosDatabaseSettings.sqlite(plain).build()).differences();
        Path withView = legacyShop(mode, HandMade.VIEW.sql);
        List<String> ofTheShopWithAView = PosDatabaseChecks.drift(PosDatabaseSettings.sqlite(withView).build())
                .differences();

        assertThat(ofThePlainShop).isEmpty();
        assertThat(ofTheShopWithAView).containsExactly(HandMade.VIEW.difference());
    }

    /** The legacy shop in {@code mode} with {@code handMade} run on it; in WAL mode with sales only in its -wal. */
    private Path legacyShop(JournalMode mode, String... handMade) throws Exception {
        Path file = WalFiles.shop(java.nio.file.Files.createTempDirectory(dir, "shop").resolve("pos.db"), mode);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (String sql : handMade) {
                statement.execute(sql);
            }
        }
        return mode == JournalMode.WAL ? WalFiles.commitToWalOnly(file, 2) : file;
    }

    private static JsonNode doctorCheck(Path file, String name) throws Exception {
        PosdbProcess.Result doctor = PosdbInProcess.run("doctor", "--json", "--db", file.toString());
        return StreamSupport.stream(JSON.readTree(doctor.stdout()).get("checks").spliterator(), false)
                .filter(check -> check.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + doctor.stdout()));
    }

    /** The words of each difference drift's JSON lists (its {@code text}). */
    private static List<String> texts(JsonNode differences) {
        return StreamSupport.stream(differences.spliterator(), false).map(d -> d.get("text").asText()).toList();
    }
}
