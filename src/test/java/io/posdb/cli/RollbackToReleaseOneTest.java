package io.posdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posdb.changelog.DatabaseState;
import io.posdb.migration.data.ValueRollbackStats;
import io.posdb.testsupport.CapturedLogs;
import io.posdb.testsupport.Changelogs;
import io.posdb.testsupport.LegacyDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code posdb rollback} through the real command line and changelog (issue 11 §4, §5): after a
 * rollback to v1.0 every role is one release 1.0 reads, and the output says where the database is.
 */
class RollbackToReleaseOneTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RELEASE_ONE_ROLES = Set.of("primary", "staff");

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int posdb(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = PosdbCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    void auditedUsersGetTheirOldRoleAndUsersCreatedOnTwoGetTheInverseMapping(String journalMode) throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        sql(shop, "PRAGMA journal_mode=" + journalMode);
        assertThat(posdb("boot", "--db", shop.toString())).as(err.toString()).isZero();
        sql(shop, "INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (4, 'boss', 'New Boss', 'h', 'admin')",
                "INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (5, 'till2', 'New Cashier', 'h', 'user')");

        assertThat(posdb("rollback", "--tag", "v1.0", "--json", "--db", shop.toString())).as(err.toString()).isZero();

        assertThat(roles(shop)).containsExactly(Map.entry(1L, "primary"), Map.entry(2L, "staff"),
                Map.entry(3L, "staff"), Map.entry(4L, "primary"), Map.entry(5L, "staff"));
        assertThat(roles(shop).values()).allMatch(RELEASE_ONE_ROLES::contains);
        JsonNode report = JSON.readTree(out.toString()).get("reports").get("0008-remap-user-roles");
        assertThat(report.get("restored_from_audit").asInt()).isEqualTo(3);
        assertThat(report.get("mapped_back").get("admin->primary").asInt()).isEqualTo(1);
        assertThat(report.get("mapped_back").get("user->staff").asInt()).isEqualTo(1);
        assertThat(posdb("audit", "--json", "--user-id", "4", "--db", shop.toString())).isZero();
        JsonNode audit = JSON.readTree(out.toString()).get("audit");
        assertThat(audit).singleElement().satisfies(row -> {
            assertThat(row.get("old_value").asText()).isEqualTo("admin");
            assertThat(row.get("new_value").asText()).isEqualTo("primary");
            assertThat(row.get("note").asText()).startsWith("rollback: not in the audit");
        });
    }

    @Test
    void onAFreshDatabaseWhereTheRemapWasMarkedAsRanEveryUserIsMappedBack() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        assertThat(posdb("boot", "--db", fresh.toString())).isZero();
        sql(fresh, "INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (1, 'boss', 'Boss', 'h', 'admin')",
                "INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (2, 'till', 'Cashier', 'h', 'user')");

        assertThat(posdb("rollback", "--tag", "v1.0", "--db", fresh.toString())).as(err.toString()).isZero();

        assertThat(roles(fresh)).containsExactly(Map.entry(1L, "primary"), Map.entry(2L, "staff"));
    }

    /**
     * The text counts each kind in words from the same report --json gives (the same rollback of two copies of one
     * shop): no JSON in the text.
     */
    @Test
    void theTextOutputCountsEachKindInWordsFromTheSameReportAsItsJson() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        posdb("boot", "--db", shop.toString());
        sql(shop, "INSERT INTO \"user\" (id, username, name, pin_hash, role) VALUES (4, 'boss', 'New Boss', 'h', 'admin')");
        Path copy = Files.copy(shop, dir.resolve("copy.db"));
        assertThat(posdb("rollback", "--tag", "v1.0", "--json", "--db", copy.toString())).as(err.toString()).isZero();
        JsonNode report = JSON.readTree(out.toString()).get("reports").get("0008-remap-user-roles");

        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(posdb("rollback", "--tag", "v1.0", "--db", shop.toString())).isZero();
            assertThat(logs.messages()).contains("Role migration rolled back: 3 users restored from the audit trail, "
                    + "1 not in the audit mapped back {admin->primary=1, user->staff=0}");
        }

        assertThat(out.toString().lines().filter(l -> l.contains("0008-remap-user-roles:")).toList()).singleElement()
                .asString().isEqualTo("  0008-remap-user-roles: " + report.get("restored_from_audit").asLong()
                        + " restored from audit, " + report.get("mapped_back_count").asLong() + " mapped back "
                        + "(admin->primary " + report.get("mapped_back").get("admin->primary").asLong() + ", user->staff "
                        + report.get("mapped_back").get("user->staff").asLong() + ") (each row: posdb audit --changeset "
                        + "0008-remap-user-roles)");
        assertThat(out.toString()).doesNotContain("{", "\"");
    }

    /**
     * A data change that maps back many values (a report of one count per pair, the size of the mapping) still
     * gives one short line: the first pairs and how many more; --json has every pair.
     */
    @Test
    void aRollbackThatMappedBackManyValuesGivesTheFirstPairsAndHowManyMore() {
        Map<String, Long> pairs = new LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            pairs.put("code-" + i + "->legacy-code-" + i, 1L);
        }
        RollbackCommand.Result result = new RollbackCommand.Result("pos.db", true, new DatabaseState(null, null, null,
                Map.of(), Map.of()), List.of(), Map.of("0042-normalise-codes", new ValueRollbackStats(0, pairs)));

        String line = result.text().lines().filter(l -> l.contains("0042-normalise-codes:")).findFirst().orElseThrow();

        assertThat(line).startsWith("  0042-normalise-codes: 0 restored from audit, 5000 "
                + "mapped back (code-0->legacy-code-0 1, ").contains(", and " + (5000 - AppliedChangeSets.LISTED)
                + " more)").hasSizeLessThan(300);
        assertThat(JsonOutput.tree(result).get("reports").get("0042-normalise-codes").get("mapped_back")).hasSize(5000);
    }

    @Test
    void rollbackByCountNamesTheTagTheDatabaseIsAtNotTheLastTagInHistory() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        posdb("boot", "--db", shop.toString());

        // Back to just before release 2.0's tag, whatever later releases added after it.
        int after20 = Changelogs.countThrough(Changelogs.newestChangeSet().id())
                - Changelogs.countThrough("0011-tag-release-2.0");
        assertThat(posdb("rollback", "--count", String.valueOf(after20 + 1), "--db", shop.toString())).isZero();

        assertThat(out.toString()).contains("Now at changeset 0010-enforce-user-role-constraint (no tag; the last tag "
                + "before it is v1.0)").doesNotContain("(tag v1.0)");
        JsonNode state = jsonState("rollback", "--count", "4", "--json", "--db", shop.toString());
        assertThat(state.get("last_change_set").asText()).isEqualTo("0006-tag-release-1.0");
        assertThat(state.get("tag").asText()).isEqualTo("v1.0");
    }

    @Test
    void statusAfterARollbackSaysTheChangeSetIsPendingNotNeverApplied() throws Exception {
        Path shop = LegacyDatabases.shop(dir.resolve("shop.db"));
        posdb("boot", "--db", shop.toString());
        posdb("rollback", "--count", "1", "--db", shop.toString());

        assertThat(posdb("status", "--db", shop.toString())).isEqualTo(ExitCodes.PENDING);

        assertThat(out.toString()).contains(Changelogs.newestChangeSet().id(), "new in this release, or rolled back")
                .doesNotContain("never applied");
    }

    private JsonNode jsonState(String... args) throws Exception {
        assertThat(posdb(args)).as(err.toString()).isZero();
        return JSON.readTree(out.toString()).get("state");
    }

    private static void sql(Path file, String... statements) throws Exception {
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Map<Long, String> roles(Path file) throws Exception {
        Map<Long, String> roles = new LinkedHashMap<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, role FROM \"user\" ORDER BY id")) {
            while (rs.next()) {
                roles.put(rs.getLong(1), rs.getString(2));
            }
        }
        return roles;
    }
}
